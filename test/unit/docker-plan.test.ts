import { describe, expect, it } from "vitest";
import { buildxBuildArgs, dockerLoginArgs } from "../../src/docker/buildx-plan.js";
import { manifestPlatforms, parsePlatforms, planOciImages } from "../../src/docker/oci-plan.js";
import type { DistManifest } from "../../src/manifest/dist-manifest.js";
import { platformOfTarget } from "../../src/oci/platform.js";
import { parseChallenge } from "../../src/oci/registry/auth.js";

const bin = (target: string, binary: string) => ({
  path: `bin/${target}/${binary}`,
  kind: "binary" as const,
  target,
  binary,
  size: 1,
  sha256: "0".repeat(64),
});
const manifest: DistManifest = {
  schemaVersion: 1,
  version: "1.0.0",
  artifacts: [
    bin("x86_64-unknown-linux-gnu", "rgreet"),
    bin("aarch64-unknown-linux-gnu", "rgreet"),
    bin("aarch64-unknown-linux-gnu", "helper"),
    bin("x86_64-pc-windows-msvc", "rgreet"),
    {
      path: "rgreet.tar.gz",
      kind: "archive",
      target: "x86_64-unknown-linux-gnu",
      size: 1,
      sha256: "1".repeat(64),
    },
  ],
};

describe("platforms", () => {
  it("maps Rust triples to container platforms, linux only", () => {
    expect(platformOfTarget("x86_64-unknown-linux-musl")).toEqual({ os: "linux", architecture: "amd64" });
    expect(platformOfTarget("aarch64-unknown-linux-gnu")).toEqual({ os: "linux", architecture: "arm64" });
    expect(platformOfTarget("armv7-unknown-linux-gnueabihf")).toEqual({
      os: "linux",
      architecture: "arm",
      variant: "v7",
    });
    expect(platformOfTarget("aarch64-apple-darwin")).toBeUndefined();
  });

  it("parses the platforms option and reports unknown values", () => {
    const { requests, bad } = parsePlatforms([
      "linux/arm/v7",
      "aarch64-unknown-linux-gnu",
      "amd64",
      "x86_64-apple-darwin",
    ]);
    expect(requests).toEqual([
      { platform: { os: "linux", architecture: "arm", variant: "v7" } },
      { platform: { os: "linux", architecture: "arm64" }, target: "aarch64-unknown-linux-gnu" },
    ]);
    expect(bad).toEqual(["amd64", "x86_64-apple-darwin"]);
  });
});

describe("the oci builder's plan", () => {
  it("takes every linux binary target of the manifest, main binary first by name unless configured", () => {
    const requests = manifestPlatforms(manifest);
    expect(requests.map((r) => r.target)).toEqual(["aarch64-unknown-linux-gnu", "x86_64-unknown-linux-gnu"]);
    const plan = planOciImages(requests, manifest, "rgreet");
    expect(plan.missing).toEqual([]);
    expect(plan.images[0]).toMatchObject({
      platform: { architecture: "arm64" },
      entrypoint: "rgreet",
      binaries: [
        { name: "helper", path: "bin/aarch64-unknown-linux-gnu/helper" },
        { name: "rgreet", path: "bin/aarch64-unknown-linux-gnu/rgreet" },
      ],
    });
  });

  it("lists the platforms without a binary (then the default builder is buildx)", () => {
    const plan = planOciImages(parsePlatforms(["linux/amd64", "linux/arm/v7"]).requests, manifest, "rgreet");
    expect(plan.missing).toEqual(["linux/arm/v7"]);
  });

  it("reports an entrypoint that is not among the binaries", () => {
    const plan = planOciImages(manifestPlatforms(manifest), manifest, "nope");
    expect(plan.unknownBinary).toEqual({ name: "nope", known: ["helper", "rgreet"] });
  });
});

describe("the buildx builder's command lines", () => {
  it("builds every platform into an OCI layout, with the version as build arg and the OCI labels", () => {
    const args = buildxBuildArgs({
      platforms: [
        { os: "linux", architecture: "amd64" },
        { os: "linux", architecture: "arm", variant: "v7" },
      ],
      dockerfile: "docker/Dockerfile",
      context: "/repo",
      buildArgs: { VERSION: "1.2.3", REVISION: "abc" },
      labels: { "org.opencontainers.image.version": "1.2.3" },
      provenance: true,
      sbom: false,
      outputDir: "/repo/dist/oci",
      refName: "1.2.3",
    });
    expect(args).toEqual([
      "buildx",
      "build",
      "--platform=linux/amd64,linux/arm/v7",
      "--file=docker/Dockerfile",
      "--build-arg=REVISION=abc",
      "--build-arg=VERSION=1.2.3",
      "--label=org.opencontainers.image.version=1.2.3",
      "--annotation=index,manifest:org.opencontainers.image.version=1.2.3",
      "--provenance=true",
      "--sbom=false",
      "--output=type=oci,dest=/repo/dist/oci,tar=false,name=1.2.3",
      "/repo",
    ]);
    expect(args).not.toContain("--push");
  });

  it("logs in with the password on stdin, never in argv", () => {
    expect(dockerLoginArgs("ghcr.io", "me")).toEqual([
      "login",
      "--username=me",
      "--password-stdin",
      "--",
      "ghcr.io",
    ]);
  });
});

describe("WWW-Authenticate challenges", () => {
  it("parses Bearer and Basic challenges", () => {
    expect(
      parseChallenge(
        'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:a/b:pull"',
      ),
    ).toEqual({
      scheme: "bearer",
      params: {
        realm: "https://auth.docker.io/token",
        service: "registry.docker.io",
        scope: "repository:a/b:pull",
      },
    });
    expect(parseChallenge('Basic realm="srr"')).toEqual({ scheme: "basic", params: { realm: "srr" } });
    expect(parseChallenge(null)).toBeUndefined();
  });
});
