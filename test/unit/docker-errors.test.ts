import { describe, expect, it } from "vitest";
import { dockerErrors } from "../../src/errors/docker.js";
import { getError } from "../../src/errors/get-error.js";

describe("docker errors", () => {
  it("a buildx run on the default docker driver says how to get a driver that exports OCI layouts", () => {
    // What buildx prints when `--output type=oci` meets the docker driver without the containerd image store.
    const output =
      "ERROR: OCI exporter is not supported for the docker driver.\nSwitch to a different driver, or turn on the containerd image store, and try again.\nLearn more at https://docs.docker.com/go/build-exporters/";
    const error = getError("EDOCKERBUILD", { command: "docker buildx build …", output });
    expect(error.code).toBe("EDOCKERBUILD");
    expect(error.details).toContain("OCI exporter is not supported for the docker driver");
    expect(error.details).toContain("docker buildx create --use --driver docker-container");
    const other = getError("EDOCKERBUILD", { command: "docker buildx build …", output: "COPY failed" });
    expect(other.details).not.toContain("docker-container");
  });

  it("every code has a message and details that point somewhere", () => {
    const samples: Record<string, unknown> = {
      name: "x",
      template: "v{x}",
      tag: "v{x}",
      registry: "ghcr.io",
      env: ["GITHUB_TOKEN"],
      detail: "HTTP 401",
      value: "linux",
      platforms: ["linux/amd64"],
      path: "dist",
      known: ["a"],
      image: "ghcr.io/o/a",
      platform: "linux/amd64",
      error: "not found",
      command: "docker",
      output: "failed",
      suffixes: ["-alpine"],
    };
    for (const [code, make] of Object.entries(dockerErrors)) {
      const { message, details } = (make as (a: unknown) => { message: string; details: string })(samples);
      expect(message, code).toMatch(/\S/);
      expect(details.length, code).toBeGreaterThan(40);
      expect(details, code).not.toContain("undefined");
    }
  });
});
