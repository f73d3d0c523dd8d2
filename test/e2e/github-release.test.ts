import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { publish, success } from "../../src/github/index.js";
import { parseManifest, type DistManifest } from "../../src/manifest/dist-manifest.js";
import { sharedTargetDir } from "../helpers/cargo-env.js";
import { testContext } from "../helpers/context.js";
import { ARM64, debianCrossEnv, hasDebianCross, HOST } from "../helpers/cross-toolchain.js";
import { gitCommit, initExamplesRepo, remoteTags, removeRepo, type TestRepo } from "../helpers/git-utils.js";
import { runRelease } from "../helpers/run-release.js";
import { startGitHubStandIn, type GitHubStandIn } from "../stand-ins/github-server.js";
import { parseRepositoryUrl } from "../../src/github/parse-repository-url.js";

const targets = hasDebianCross() ? [HOST, ARM64] : [HOST];
const upstream = [
  "@semantic-release/github",
  { successCommentCondition: false, failCommentCondition: false },
];
const base = [
  "@semantic-release/commit-analyzer",
  "@semantic-release/release-notes-generator",
  "semantic-release-rust",
  ["semantic-release-rust/binaries", { targets }],
];

let gh: GitHubStandIn;
let repo: TestRepo;
beforeEach(async () => {
  gh = await startGitHubStandIn();
  repo = await initExamplesRepo();
});
afterEach(async () => {
  await gh.stop();
  await removeRepo(repo);
});

const env = () =>
  ({ ...debianCrossEnv({}), CARGO_TARGET_DIR: sharedTargetDir, ...gh.env() }) as Record<string, string>;
const where = () => parseRepositoryUrl(repo.repositoryUrl) as { owner: string; repo: string };
const releaseOf = (tag: string, drafts = true) =>
  gh.state.releaseByTag(where().owner, where().repo, tag, drafts);
const readDist = async (): Promise<DistManifest> => {
  const path = join(repo.cwd, "dist", "manifest.json");
  return parseManifest(await readFile(path, "utf8"), path);
};

/** What a user checks on the release page: every archive and checksum, with GitHub's digest matching the build. */
function expectAssetsMatch(manifest: DistManifest, tag: string) {
  const release = releaseOf(tag);
  const assets = gh.state.assetsOf(release?.id ?? -1);
  const shipped = manifest.artifacts.filter((a) => a.kind !== "binary");
  expect(shipped.filter((a) => a.kind === "archive")).toHaveLength(targets.length);
  expect(shipped.some((a) => a.path === "SHA256SUMS")).toBe(true);
  // Each archive's CycloneDX SBOM, `{archive}.cdx.json`, ships beside it.
  expect(shipped.filter((a) => a.kind === "sbom").map((a) => a.path)).toEqual(
    shipped.filter((a) => a.kind === "archive").map((a) => `${a.path}.cdx.json`),
  );
  // Beside the artifacts, the manifest itself: the next release reads this one's sizes from it.
  expect(assets.map((a) => a.name).sort()).toEqual([...shipped.map((a) => a.path), "manifest.json"].sort());
  for (const a of shipped) {
    expect(assets.find((x) => x.name === a.path)).toMatchObject({
      state: "uploaded",
      digest: `sha256:${a.sha256}`,
    });
  }
}

describe("a real semantic-release run with @semantic-release/github and semantic-release-rust/github", () => {
  it("publishes v0.2.0 with every archive and SHA256SUMS; publishing again uploads nothing", async () => {
    const plugins = [...base, upstream, "semantic-release-rust/github"];
    const { result, output } = await runRelease(repo.cwd, {
      repositoryUrl: repo.repositoryUrl,
      plugins,
      env: env(),
    });
    if (!result) throw new Error(`no release:\n${output}`);
    expect(result.nextRelease.version).toBe("0.2.0");
    expect(await remoteTags(repo.remote)).toEqual(["v0.1.0", "v0.2.0"]);
    const manifest = await readDist();
    expectAssetsMatch(manifest, "v0.2.0");
    const release = releaseOf("v0.2.0");
    expect(release?.draft).toBe(false);
    // @semantic-release/github created it (its requests went through the stand-in), ours filled the artifact table.
    expect(
      gh.state.requests.some((r) => r.userAgent.includes("@semantic-release/github") && r.method === "POST"),
    ).toBe(true);
    expect(release?.body).toContain(manifest.artifacts.find((a) => a.kind === "archive")?.sha256);
    expect(result.releases.map((r: { name?: string }) => r.name)).toContain("GitHub release");

    const uploads = gh.state.uploadCount();
    const again = testContext(repo.cwd, {
      env: env(),
      options: { repositoryUrl: repo.repositoryUrl },
      branch: { name: "main", main: true, type: "release" },
      nextRelease: result.nextRelease,
    });
    await publish({}, again);
    expect(gh.state.uploadCount()).toBe(uploads);
  });

  it("listed BEFORE @semantic-release/github: that plugin creates the release, ours fills it in success", async () => {
    const plugins = [...base, "semantic-release-rust/github", upstream];
    const { result, output } = await runRelease(repo.cwd, {
      repositoryUrl: repo.repositoryUrl,
      plugins,
      env: env(),
    });
    if (!result) throw new Error(`no release:\n${output}`);
    expect(result.nextRelease.version).toBe("0.2.0");
    const manifest = await readDist();
    expectAssetsMatch(manifest, "v0.2.0");
    expect(gh.state.releasesOf(where().owner, where().repo)).toHaveLength(1);
    const release = releaseOf("v0.2.0");
    expect(release?.draft).toBe(false);
    expect(release?.body).toContain(manifest.artifacts.find((a) => a.kind === "archive")?.sha256);
    const creators = gh.state.requests
      .filter((r) => r.method === "POST" && !r.upload)
      .map((r) => r.userAgent);
    expect(creators).toHaveLength(1);
    expect(creators[0]).toContain("@semantic-release/github");
    expect(output).toMatch(/uploaded in the success step/);

    const uploads = gh.state.uploadCount();
    const again = testContext(repo.cwd, {
      env: env(),
      options: { repositoryUrl: repo.repositoryUrl, plugins },
      branch: { name: "main", main: true, type: "release" },
      nextRelease: result.nextRelease,
      releases: result.releases,
    });
    await success({}, again);
    expect(gh.state.uploadCount()).toBe(uploads);
    expect(again.lines.filter((l) => /already on the release/.test(l))).toHaveLength(
      manifest.artifacts.filter((a) => a.kind !== "binary").length + 1,
    );
  });

  it("completes a run through 5xx answers, a dropped upload and rate limits", async () => {
    const ours = { userAgent: "semantic-release-rust" };
    gh.faults
      .add({ ...ours, kind: "status", status: 503, on: "api", method: "GET" })
      .add({ ...ours, kind: "drop", on: "upload" })
      .add({ ...ours, kind: "status", status: 502, on: "upload", leaveStarter: true })
      .add({ ...ours, kind: "rate-limit", on: "upload", resetSeconds: 1 })
      .add({ ...ours, kind: "secondary-rate-limit", on: "api", method: "PATCH", retryAfterSeconds: 1 });
    const plugins = [...base, upstream, "semantic-release-rust/github"];
    const { result, output } = await runRelease(repo.cwd, {
      repositoryUrl: repo.repositoryUrl,
      plugins,
      env: env(),
    });
    if (!result) throw new Error(`no release:\n${output}`);
    expect(gh.faults.pending()).toBe(0);
    expect(output).toMatch(/Retrying upload of /);
    expectAssetsMatch(await readDist(), "v0.2.0");
    expect(releaseOf("v0.2.0")?.draft).toBe(false);
  });

  it("fails with EMISSINGASSET when an archive is lost after prepare, and publishes no release", async () => {
    // A real plugin listed after the binaries plugin that loses one archive, as a broken CI step would.
    await writeFile(
      join(repo.cwd, "lose-archive.mjs"),
      `import { readdirSync, rmSync } from "node:fs";
export function prepare(_c, { cwd }) {
  const archive = readdirSync(cwd + "/dist").find((f) => f.endsWith(".tar.gz"));
  rmSync(cwd + "/dist/" + archive);
}
`,
    );
    await gitCommit(repo.cwd, "chore: add a test plugin");
    const plugins = [...base, "./lose-archive.mjs", "semantic-release-rust/github"];
    const error = await runRelease(repo.cwd, { repositoryUrl: repo.repositoryUrl, plugins, env: env() }).then(
      () => undefined,
      (e: unknown) => e as { code?: string; errors?: { code?: string }[] },
    );
    const codes = error?.errors ? error.errors.map((e) => e.code) : [error?.code];
    expect(codes).toEqual(["EMISSINGASSET"]);
    const published = gh.state.releasesOf(where().owner, where().repo).filter((r) => !r.draft);
    expect(published).toHaveLength(0);
    expect(gh.state.uploadCount()).toBe(0);
  });
});
