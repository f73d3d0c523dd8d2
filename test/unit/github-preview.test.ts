import { describe, expect, it } from "vitest";
import { githubPreviewLines, type GithubPreview } from "../../src/github/preview.js";
import { isPrerelease, makeLatest } from "../../src/github/release-fields.js";
import type { BranchSpec } from "../../src/types.js";

const main: BranchSpec = { name: "main", type: "release", main: true };
const beta: BranchSpec = { name: "beta", type: "prerelease", prerelease: "beta", channel: "beta" };

const preview = (branch: BranchSpec, o: Partial<GithubPreview> = {}): GithubPreview => ({
  repository: "acme/tool",
  apiUrl: "https://api.github.com",
  tag: "v1.4.0",
  name: "v1.4.0",
  prerelease: isPrerelease(branch),
  makeLatest: makeLatest(branch),
  draftRelease: false,
  upstream: "none",
  distDir: "dist",
  globs: [],
  ...o,
});

describe("githubPreviewLines", () => {
  it("creates a draft, uploads the manifest's artifacts after prepare, then publishes", () => {
    expect(githubPreviewLines(preview(main))).toEqual([
      "Would create the GitHub release v1.4.0 of acme/tool at https://api.github.com as a draft, upload and verify its assets, then publish it (prerelease: no, latest: true)",
      "  assets: every archive, .sha256 file and SHA256SUMS of dist/manifest.json after prepare",
    ]);
  });

  it("keeps a draft with draftRelease and marks prereleases", () => {
    const [first] = githubPreviewLines(
      preview(beta, { draftRelease: true, tag: "v2.0.0-beta.1", name: "v2.0.0-beta.1" }),
    );
    expect(first).toContain("then leave it a draft (draftRelease)");
    expect(first).toContain("(prerelease: yes, latest: false)");
  });

  it("says who creates the release when @semantic-release/github is listed too", () => {
    expect(githubPreviewLines(preview(main, { upstream: "after" }))[0]).toMatch(
      /^@semantic-release\/github \(listed after this plugin\) would create the GitHub release v1\.4\.0 .*in the success step$/,
    );
    expect(githubPreviewLines(preview(main, { upstream: "before" }))[0]).toMatch(
      /^@semantic-release\/github \(listed before this plugin\) would create .* assets in publish$/,
    );
  });

  it("lists the assets a manifest of this version holds, the globs' matches and the patterns matching nothing", () => {
    const lines = githubPreviewLines(
      preview(main, {
        distDir: "out/",
        manifestAssets: ["tool-v1.4.0-x86_64-unknown-linux-gnu.tar.gz", "SHA256SUMS"],
        globs: [
          { pattern: "docs/*.pdf", names: ["guide.pdf", "ref.pdf"] },
          { pattern: "sbom.json", names: [] },
        ],
        assetLabel: "{name} ({target})",
      }),
    );
    expect(lines.slice(1)).toEqual([
      "  assets from out/manifest.json: tool-v1.4.0-x86_64-unknown-linux-gnu.tar.gz, SHA256SUMS",
      '  assets "docs/*.pdf": guide.pdf, ref.pdf',
      '  assets "sbom.json": matches no file now (the release fails unless prepare creates one)',
      '  labels of the manifest\'s assets: "{name} ({target})"',
    ]);
  });
});
