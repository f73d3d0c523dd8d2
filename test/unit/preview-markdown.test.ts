import { describe, expect, it } from "vitest";
import type { PluginPlan } from "../../src/plan/release-plan.js";
import { MARKER } from "../../src/preview/comment.js";
import { renderMarkdown } from "../../src/preview/markdown.js";
import type { PreviewReport } from "../../src/preview/report.js";

const plugin = (data: Record<string, unknown>): PluginPlan =>
  ({ plugin: data.plugin, status: "ok", lines: ["(lines)"], problems: [], data }) as unknown as PluginPlan;

const crates = Array.from({ length: 44 }, (_, i) => ({
  name: `nu-${String(i).padStart(2, "0")}`,
  version: "0.2.0",
  dependsOn: [],
  args: [],
  inIndex: i === 0,
}));

function report(): PreviewReport {
  return {
    lastRelease: { version: "0.1.0", gitTag: "v0.1.0" },
    nextRelease: { version: "0.2.0", type: "minor", gitTag: "v0.2.0" },
    squash: null,
    warnings: ["mind the title"],
    base: { name: "main", type: "release", commit: "a".repeat(40) },
    head: "b".repeat(40),
    commits: [{ hash: "c".repeat(40), subject: "feat: x", type: "minor" }],
    plan: {
      version: "0.2.0",
      gitTag: "v0.2.0",
      channel: null,
      configFile: ".releaserc.json",
      plugins: [
        plugin({
          plugin: "semantic-release-rust/binaries",
          version: "0.2.0",
          name: "rgreet",
          distDir: "dist",
          checksums: "SHA256SUMS",
          commands: [],
          generated: [],
          targets: [
            {
              target: "x86_64-unknown-linux-musl",
              os: "linux",
              builder: "cargo",
              reason: "host",
              features: [],
              profile: "release",
              binaries: ["rgreet"],
              archive: "rgreet-0.2.0-x86_64-unknown-linux-musl.tar.gz",
              checksum: "rgreet-0.2.0-x86_64-unknown-linux-musl.tar.gz.sha256",
              smokeTested: true,
            },
          ],
        }),
        plugin({
          plugin: "semantic-release-rust/docker",
          version: "0.2.0",
          builder: "oci",
          builderReason: "",
          platforms: [{ platform: "linux/amd64" }, { platform: "linux/arm64" }],
          platformsFrom: "",
          images: [{ name: "ghcr.io/acme/rgreet", insecure: false, tags: ["0.2.0", "0.2", "latest"] }],
        }),
        plugin({ plugin: "semantic-release-rust/crates", registry: "crates.io", crates, skipped: [] }),
      ],
    },
  };
}

describe("renderMarkdown", () => {
  it("draws the targets table, the images with their tags and the crates in publish order from the plan data", () => {
    const md = renderMarkdown(report()).split("\n");
    expect(md.slice(0, 4)).toEqual([MARKER, "> [!WARNING]", "> - mind the title", ""]);
    expect(md[4]).toBe("### Merging releases `0.2.0` (minor) as `v0.2.0`, after `v0.1.0`");
    expect(md).toContain(
      "| `x86_64-unknown-linux-musl` | cargo | `rgreet` | `rgreet-0.2.0-x86_64-unknown-linux-musl.tar.gz` |",
    );
    expect(md).toContain("**Images (oci, linux/amd64, linux/arm64)**");
    expect(md).toContain("- `ghcr.io/acme/rgreet`: `0.2.0`, `0.2`, `latest`");
    expect(md).not.toContain("(lines)");
    expect(md).toContain("- `ccccccc` feat: x (minor)");
  });

  it("keeps a 44-crate workspace readable: the crates folded, in order, the published ones marked", () => {
    const md = renderMarkdown(report());
    expect(md).toContain("<summary>Crates on crates.io, in publish order (44)</summary>");
    expect(md).toContain("1. `nu-00@0.2.0` (already published: skipped)\n2. `nu-01@0.2.0`\n");
    expect(md).toContain("44. `nu-43@0.2.0`\n\n</details>");
    expect(md.split("\n").filter((l) => !/^\d+\. /.test(l)).length).toBeLessThan(40);
  });
});
