import { describe, expect, it } from "vitest";
import { choosePlatforms, dockerPreviewLines, type DockerPreview } from "../../src/docker/preview.js";
import { renderTags } from "../../src/docker/tags.js";
import { HOST } from "../helpers/cross-toolchain.js";

const ARM = "aarch64-unknown-linux-gnu";

describe("choosePlatforms", () => {
  it("takes the linux targets of the binaries plugin and the oci builder", () => {
    const c = choosePlatforms({ binaryTargets: [HOST, ARM, "x86_64-pc-windows-msvc"] });
    expect(c.builder).toBe("oci");
    expect(c.platforms).toEqual([
      { platform: "linux/arm64", target: ARM },
      { platform: "linux/amd64", target: HOST },
    ]);
    expect(c.platformsFrom).toBe("the linux targets of semantic-release-rust/binaries");
  });

  it("falls back to buildx when a requested platform has no binaries coming", () => {
    const c = choosePlatforms({ platforms: ["linux/amd64", "linux/arm/v7"], binaryTargets: [HOST] });
    expect(c.builder).toBe("buildx");
    expect(c.platforms.map((p) => p.platform)).toEqual(["linux/amd64", "linux/arm/v7"]);
    expect(c.platformsFrom).toBe("the `platforms` option");
  });

  it("without the binaries plugin builds linux/amd64 with buildx, unless the builder is set", () => {
    expect(choosePlatforms({})).toMatchObject({
      builder: "buildx",
      platforms: [{ platform: "linux/amd64" }],
    });
    const oci = choosePlatforms({ builder: "oci" });
    expect(oci.builder).toBe("oci");
    expect(oci.platforms).toEqual([]);
    expect(oci.platformsFrom).toContain("dist/manifest.json after prepare");
  });
});

describe("dockerPreviewLines", () => {
  const base = (tags: string[]): DockerPreview => ({
    version: "1.4.0",
    ...choosePlatforms({ binaryTargets: [HOST, ARM] }),
    images: [
      { name: "ghcr.io/acme/tool", insecure: false, tags },
      { name: "127.0.0.1:5000/tool", insecure: true, tags },
    ],
    oci: { baseImage: "scratch", user: "65532", binDir: "/usr/local/bin" },
    buildx: { dockerfile: "Dockerfile", context: ".", provenance: false, sbom: false },
  });

  it("names the builder, the platforms and every image reference the main channel pushes", () => {
    const { tags } = renderTags(["{version}", "{major}.{minor}", "{major}", "latest"], { version: "1.4.0" });
    const lines = dockerPreviewLines(base(tags));
    expect(lines[0]).toBe(
      "Would build the image of 1.4.0 with the oci builder (every platform has binaries from semantic-release-rust/binaries)",
    );
    expect(lines).toContain(
      `  platforms from the linux targets of semantic-release-rust/binaries: linux/arm64 (${ARM}), linux/amd64 (${HOST})`,
    );
    expect(lines).toContain("Would push ghcr.io/acme/tool over https with tags 1.4.0, 1.4, 1, latest:");
    expect(lines).toContain("Would push 127.0.0.1:5000/tool over http with tags 1.4.0, 1.4, 1, latest:");
    for (const ref of ["ghcr.io/acme/tool:1.4.0", "ghcr.io/acme/tool:latest", "127.0.0.1:5000/tool:1"])
      expect(lines).toContain(`  ${ref}`);
    expect(lines.some((l) => l.includes("buildx"))).toBe(false);
  });

  it("on a prerelease channel pushes the channel's tags only", () => {
    const { tags } = renderTags(["{version}", "{channel}"], { version: "2.0.0-beta.1", channel: "beta" });
    const lines = dockerPreviewLines(base(tags));
    expect(lines).toContain("  ghcr.io/acme/tool:2.0.0-beta.1");
    expect(lines).toContain("  ghcr.io/acme/tool:beta");
    expect(lines.some((l) => l.endsWith(":latest"))).toBe(false);
  });

  it("shows the buildx build for the buildx builder", () => {
    const p = { ...base(["1.4.0"]), ...choosePlatforms({ builder: "buildx", platforms: ["linux/amd64"] }) };
    const lines = dockerPreviewLines(p);
    expect(lines[0]).toContain("with the buildx builder (set in the configuration)");
    expect(lines).toContain("  docker buildx build --file Dockerfile . (provenance false, sbom false)");
  });
});
