import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { addChannel, publish, success, verifyConditions } from "../../src/github/index.js";
import { errorCodes, rejection, testContext } from "../helpers/context.js";
import { fakeTime } from "../helpers/fake-time.js";
import { success as successGithub } from "../../src/github/success.js";
import { startGitHubStandIn, type GitHubStandIn } from "../stand-ins/github-server.js";
import { releaseArtifacts, sampleDist, writeDist } from "../stand-ins/github-dist.js";
import type { Artifact } from "../../src/manifest/dist-manifest.js";
import type { Context } from "../../src/types.js";

type Step = (config: Record<string, unknown>, context: unknown) => Promise<unknown>;
const upstreamPlugin = "@semantic-release/github";
const upstream = (await import(upstreamPlugin)) as Record<"publish" | "addChannel", Step>;

const SELF = "semantic-release-rust/github";
const repositoryUrl = "https://github.com/example/rgreet.git";
const notes =
  "## 0.2.0\n\n* feat: greet\n\n<!-- semantic-release-rust:artifacts -->\n<!-- /semantic-release-rust:artifacts -->\n";
const nextRelease = { version: "0.2.0", gitTag: "v0.2.0", name: "v0.2.0", channel: null, notes };
const main = { name: "main", main: true, type: "release" };
/** @semantic-release/github listed AFTER this plugin, as a user would write it. */
const plugins = [SELF, [upstreamPlugin, { successCommentCondition: false, failCommentCondition: false }]];

let gh: GitHubStandIn;
let cwd: string;
let artifacts: Artifact[];
beforeEach(async () => {
  gh = await startGitHubStandIn();
  cwd = await mkdtemp(join(tmpdir(), "srr-gh-order-"));
  artifacts = await writeDist(join(cwd, "dist"), sampleDist());
});
afterEach(async () => {
  await gh.stop();
  await rm(cwd, { recursive: true, force: true });
});

const context = (extra: Partial<Context> = {}) =>
  testContext(cwd, {
    env: gh.env(),
    options: { repositoryUrl, plugins },
    branch: main,
    nextRelease,
    ...extra,
  });
const release = () => gh.state.releaseByTag("example", "rgreet", "v0.2.0", true);
const assetsOf = () => gh.state.assetsOf(release()?.id ?? -1);
/** What semantic-release records for one plugin's publish result (`false` keeps only the plugin's name). */
const entry = (result: unknown, pluginName: string) => ({
  ...(result === false ? {} : { ...nextRelease, ...(result as object) }),
  pluginName,
});

/** The publish steps in list order, as semantic-release runs them; returns the `releases` success receives. */
async function publishBoth(upstreamConfig: Record<string, unknown> = {}, extra: Partial<Context> = {}) {
  const ours = await publish({}, context(extra));
  const theirs = await upstream.publish(upstreamConfig, context(extra));
  return { ours, releases: [entry(ours, SELF), entry(theirs, upstreamPlugin)] };
}

function expectEveryAssetMatches() {
  const expected = releaseArtifacts(artifacts);
  expect(
    assetsOf()
      .map((a) => a.name)
      .sort(),
  ).toEqual(expected.map((a) => a.path).sort());
  for (const a of expected) {
    expect(assetsOf().find((x) => x.name === a.path)).toMatchObject({
      state: "uploaded",
      digest: `sha256:${a.sha256}`,
    });
  }
}

describe("listed before @semantic-release/github", () => {
  it("verifies without complaint and says the upload happens in success", async () => {
    const ctx = context();
    await verifyConditions({}, ctx);
    expect(ctx.lines.some((l) => /listed after this plugin/.test(l))).toBe(true);
  });

  it("defers publish, then success uploads every asset to the release @semantic-release/github created", async () => {
    const ctx = context();
    const ours = await publish({}, ctx);
    expect(ours).toBe(false);
    expect(gh.state.requests).toHaveLength(0);
    expect(ctx.lines.some((l) => /uploaded in the success step/.test(l))).toBe(true);

    const theirs = await upstream.publish({}, context());
    expect(gh.state.releasesOf("example", "rgreet")).toHaveLength(1);
    const releases = [entry(ours, SELF), entry(theirs, upstreamPlugin)];
    const done = context({ releases });
    await success({}, done);
    expectEveryAssetMatches();
    expect(gh.state.releasesOf("example", "rgreet")).toHaveLength(1);
    expect(release()?.draft).toBe(false);
    const archive = artifacts.find((a) => a.kind === "archive") as Artifact;
    expect(release()?.body).toContain(archive.sha256);
    expect(done.lines.filter((l) => /Uploaded /.test(l))).toHaveLength(releaseArtifacts(artifacts).length);

    const uploads = gh.state.uploadCount();
    const again = context({ releases });
    await success({}, again);
    expect(gh.state.uploadCount()).toBe(uploads);
    expect(again.lines.filter((l) => /already on the release/.test(l))).toHaveLength(
      releaseArtifacts(artifacts).length,
    );
  });

  it("publishes the draft @semantic-release/github left (draftRelease) once every digest matches", async () => {
    const { releases } = await publishBoth({ draftRelease: true });
    expect(release()?.draft).toBe(true);
    await success({}, context({ releases }));
    expectEveryAssetMatches();
    expect(release()?.draft).toBe(false);
    const latest = await fetch(`${gh.apiUrl}/repos/example/rgreet/releases/latest`, {
      headers: { authorization: `token ${gh.token}` },
    }).then((r) => r.json() as Promise<{ tag_name: string }>);
    expect(latest.tag_name).toBe("v0.2.0");
  });

  it("fails publish with EMISSINGASSET before @semantic-release/github can create the release", async () => {
    await rm(join(cwd, "dist", "SHA256SUMS"));
    expect(errorCodes(await rejection(publish({}, context())))).toEqual(["EMISSINGASSET"]);
    expect(gh.state.requests).toHaveLength(0);
  });

  it("checks every file again in success and uploads nothing when one went missing", async () => {
    const { releases } = await publishBoth({ draftRelease: true });
    await rm(join(cwd, "dist", "rgreet-0.2.0-x86_64-pc-windows-gnu.zip"));
    expect(errorCodes(await rejection(success({}, context({ releases }))))).toEqual(["EMISSINGASSET"]);
    expect(gh.state.uploadCount()).toBe(0);
    expect(release()?.draft).toBe(true);
  });

  it("completes the upload in success through dropped connections and server errors", async () => {
    const { releases } = await publishBoth();
    gh.faults
      .add({ kind: "drop", on: "upload" })
      .add({ kind: "status", status: 502, on: "upload", leaveStarter: true });
    const ctx = context({ releases });
    const time = fakeTime();
    await successGithub({}, ctx, time);
    expect(gh.faults.pending()).toBe(0);
    expect(time.waits.length).toBeGreaterThanOrEqual(2);
    expectEveryAssetMatches();
    expect(ctx.lines.some((l) => /Retrying upload of /.test(l))).toBe(true);
  });

  it("fails with ENOUPSTREAMRELEASE when there is no release to upload to", async () => {
    const releases = [entry(false, SELF)];
    expect(errorCodes(await rejection(success({}, context({ releases }))))).toEqual(["ENOUPSTREAMRELEASE"]);
    expect(gh.state.uploadCount()).toBe(0);
  });

  it("does nothing in success when its publish did not defer, or after a channel was added", async () => {
    const published = await publish({}, context({ options: { repositoryUrl, plugins: [SELF] } }));
    const requests = gh.state.requests.length;
    await success({}, context({ releases: [entry(published, SELF)] }));
    await success({}, context({ releases: [] }));
    expect(gh.state.requests).toHaveLength(requests);
  });

  it("promotes a channel with addChannel in either order, one release and no error", async () => {
    const next = { name: "next", prerelease: "rc", type: "prerelease" };
    const { releases } = await publishBoth({}, { branch: next });
    expect(release()?.prerelease).toBe(true);
    await success({}, context({ releases, branch: next }));
    for (const order of [plugins, [plugins[1], SELF]]) {
      const ctx = context({ options: { repositoryUrl, plugins: order } });
      const steps = order[0] === SELF ? [addChannel, upstream.addChannel] : [upstream.addChannel, addChannel];
      for (const step of steps) await step({}, ctx);
    }
    expect(gh.state.releasesOf("example", "rgreet")).toHaveLength(1);
    expect(release()).toMatchObject({ draft: false, prerelease: false });
    expect(assetsOf()).toHaveLength(releaseArtifacts(artifacts).length);
  });
});

describe("listed after @semantic-release/github", () => {
  const after = { options: { repositoryUrl, plugins: [plugins[1], SELF] } };

  it("fills the draft @semantic-release/github left (draftRelease) and publishes it once every digest matches", async () => {
    await upstream.publish({ draftRelease: true }, context(after));
    expect(release()?.draft).toBe(true);
    const ctx = context(after);
    const result = await publish({}, ctx);
    expect(gh.state.releasesOf("example", "rgreet")).toHaveLength(1);
    expectEveryAssetMatches();
    expect(release()?.draft).toBe(false);
    expect(result).toMatchObject({
      name: "GitHub release",
      url: expect.stringContaining("/releases/tag/v0.2.0"),
    });
    const archive = artifacts.find((a) => a.kind === "archive") as Artifact;
    expect(release()?.body).toContain(archive.sha256);
    expect(ctx.lines.some((l) => /^Found GitHub draft release v0\.2\.0/.test(l))).toBe(true);
  });

  it("keeps that draft a draft when an uploaded asset does not match the manifest", async () => {
    await upstream.publish({ draftRelease: true }, context(after));
    const archive = artifacts.find((a) => a.kind === "archive") as Artifact;
    await writeFile(join(cwd, "dist", archive.path), Buffer.alloc(archive.size, 7));
    expect(errorCodes(await rejection(publish({}, context(after))))).toEqual(["EDIGESTMISMATCH"]);
    expect(release()?.draft).toBe(true);
  });
});
