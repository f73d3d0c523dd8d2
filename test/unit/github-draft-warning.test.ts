import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { verifyConditions } from "../../src/github/index.js";
import { rejection, testContext } from "../helpers/context.js";
import { initExamplesRepo, remoteTags, removeRepo, type TestRepo } from "../helpers/git-utils.js";
import { runRelease } from "../helpers/run-release.js";
import { startGitHubStandIn, type GitHubStandIn } from "../stand-ins/github-server.js";

const SELF = "semantic-release-rust/github";
const UPSTREAM = "@semantic-release/github";
const repositoryUrl = "https://github.com/example/rgreet.git";
const quiet = { successCommentCondition: false, failCommentCondition: false };
const FIX = '["@semantic-release/github", {"draftRelease": true}]';

let gh: GitHubStandIn;
beforeEach(async () => {
  gh = await startGitHubStandIn();
});
afterEach(async () => {
  await gh.stop();
});

/** The codes of a rejection, whether one error or semantic-release's aggregate of several. */
const codesOf = (error: unknown): (string | undefined)[] => {
  const e = error as { code?: string; errors?: { code?: string }[] };
  return e.errors ? e.errors.map((x) => x.code) : [e.code];
};

/** Our verifyConditions with a release config's `plugins` (and global options) as semantic-release passes them. */
async function verify(plugins: unknown[], ours: Record<string, unknown> = {}, globals = {}) {
  const ctx = testContext("/", { env: gh.env(), options: { repositoryUrl, plugins, ...globals } });
  await verifyConditions(ours, ctx);
  return ctx.lines.filter((l) => l.includes(FIX));
}

describe("@semantic-release/github without draftRelease would make the release public before its assets", () => {
  const upstreamPublic = [UPSTREAM, quiet];
  const upstreamDraft = [UPSTREAM, { ...quiet, draftRelease: true }];

  it("warns in either order, naming the fix", async () => {
    for (const plugins of [
      [SELF, upstreamPublic],
      [upstreamPublic, SELF],
      [SELF, UPSTREAM],
    ]) {
      const warnings = await verify(plugins);
      expect(warnings, JSON.stringify(plugins)).toHaveLength(1);
      expect(warnings[0]).toContain("public before its assets are uploaded and verified");
    }
  });

  it("says nothing with draftRelease: true (in its entry or as a global option), or without that plugin", async () => {
    expect(await verify([SELF, upstreamDraft])).toEqual([]);
    expect(await verify([upstreamDraft, SELF])).toEqual([]);
    expect(await verify([SELF, upstreamPublic], {}, { draftRelease: true })).toEqual([]);
    expect(await verify([SELF])).toEqual([]);
  });

  it("requireDraftRelease turns the warning into EPUBLICRELEASE, in either order", async () => {
    for (const plugins of [
      [SELF, upstreamPublic],
      [upstreamPublic, SELF],
    ]) {
      const error = await rejection(verify(plugins, { requireDraftRelease: true }));
      expect(codesOf(error)).toEqual(["EPUBLICRELEASE"]);
      expect((error as { details: string }).details).toContain('"draftRelease": true');
    }
    expect(await verify([upstreamDraft, SELF], { requireDraftRelease: true })).toEqual([]);
    expect(await verify([SELF, upstreamDraft], { requireDraftRelease: true })).toEqual([]);
  });
});

describe("a real semantic-release run with requireDraftRelease", () => {
  let repo: TestRepo;
  beforeEach(async () => {
    repo = await initExamplesRepo({ publicUrl: repositoryUrl });
  });
  afterEach(async () => {
    await removeRepo(repo);
  });

  it("stops in verifyConditions: no tag pushed, no release created", async () => {
    const error = await rejection(
      runRelease(repo.cwd, {
        repositoryUrl: repo.repositoryUrl,
        env: gh.env(),
        plugins: [
          "@semantic-release/commit-analyzer",
          "semantic-release-rust",
          [SELF, { requireDraftRelease: true }],
          [UPSTREAM, quiet],
        ],
      }),
    );
    expect(codesOf(error)).toEqual(["EPUBLICRELEASE"]);
    expect(await remoteTags(repo.remote)).toEqual(["v0.1.0"]);
    expect(gh.state.requests.filter((r) => r.method !== "GET")).toEqual([]);
    expect(gh.state.releasesOf("example", "rgreet")).toEqual([]);
  });
});
