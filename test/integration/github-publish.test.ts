import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { addChannel, publish, verifyConditions } from "../../src/github/index.js";
import { publish as publishGithub } from "../../src/github/publish.js";
import { errorCodes, rejection, testContext } from "../helpers/context.js";
import { fakeTime } from "../helpers/fake-time.js";
import { startGitHubStandIn, type GitHubStandIn } from "../stand-ins/github-server.js";
import { releaseArtifacts, sampleDist, writeDist } from "../stand-ins/github-dist.js";
import type { Artifact } from "../../src/manifest/dist-manifest.js";

const repositoryUrl = "https://github.com/example/rgreet.git";
let gh: GitHubStandIn;
let cwd: string;
let artifacts: Artifact[];

const nextRelease = {
  version: "0.2.0",
  gitTag: "v0.2.0",
  name: "v0.2.0",
  channel: null,
  notes: "## 0.2.0\n\n* feat: greet",
};
const context = (env: Record<string, string> = gh.env(), extra = {}) =>
  testContext(cwd, {
    env,
    options: { repositoryUrl },
    branch: { name: "main", main: true, type: "release" },
    nextRelease,
    ...extra,
  });

const release = () => gh.state.releaseByTag("example", "rgreet", "v0.2.0", true);
const assetsOf = () => gh.state.assetsOf(release()?.id ?? -1);

beforeEach(async () => {
  gh = await startGitHubStandIn();
  cwd = await mkdtemp(join(tmpdir(), "srr-gh-"));
  artifacts = await writeDist(join(cwd, "dist"), sampleDist());
});
afterEach(async () => {
  await gh.stop();
  await rm(cwd, { recursive: true, force: true });
});

describe("publish", () => {
  it("publishes a release holding every archive and checksum with GitHub digests matching the manifest", async () => {
    const ctx = context();
    const result = await publish({ assetLabel: "{target} {kind}" }, ctx);
    const r = release();
    expect(r?.draft).toBe(false);
    expect(r?.prerelease).toBe(false);
    expect(result).toMatchObject({
      name: "GitHub release",
      url: expect.stringContaining("/example/rgreet/releases/tag/v0.2.0"),
    });
    const expected = releaseArtifacts(artifacts);
    const byName = new Map(assetsOf().map((a) => [a.name, a]));
    expect([...byName.keys()].sort()).toEqual(expected.map((a) => a.path).sort());
    for (const a of expected) {
      expect(byName.get(a.path)).toMatchObject({
        state: "uploaded",
        size: a.size,
        digest: `sha256:${a.sha256}`,
      });
    }
    expect(byName.get("SHA256SUMS")?.content_type).toBe("text/plain");
    expect(byName.get("rgreet-0.2.0-x86_64-unknown-linux-gnu.tar.gz")?.content_type).toBe("application/gzip");
    expect(byName.get("rgreet-0.2.0-x86_64-unknown-linux-gnu.tar.gz.sha256")?.content_type).toBe(
      "text/plain",
    );
    expect(byName.get("rgreet-0.2.0-x86_64-pc-windows-gnu.zip")?.content_type).toBe("application/zip");
    expect(byName.get("rgreet-0.2.0-aarch64-unknown-linux-gnu.tar.gz")?.label).toBe(
      "aarch64-unknown-linux-gnu archive",
    );
    expect(ctx.lines.filter((l) => /Uploaded /.test(l))).toHaveLength(expected.length);
    // One progress line per asset, counting up to the total.
    expect(
      ctx.lines
        .filter((l) => /Uploaded /.test(l))
        .map((l) => /^\[(\d+)\/(\d+)\] Uploaded /.exec(l)?.slice(1).join("/")),
    ).toEqual(expected.map((_, i) => `${i + 1}/${expected.length}`));
    // The release carries the notes and the name, and was a draft until every asset was in.
    expect(r).toMatchObject({ name: "v0.2.0", body: nextRelease.notes, target_commitish: "main" });
    const lastAsset = assetsOf()
      .map((a) => a.updated_at)
      .sort()
      .pop();
    expect(r?.published_at && lastAsset && r.published_at >= lastAsset).toBe(true);
    expect(r?.published_at && r.published_at > r.created_at).toBe(true);
    // The token never reaches the log.
    expect(ctx.lines.join("\n")).not.toContain(gh.token);
  });

  it("uploads nothing when run again, and leaves the release as it is", async () => {
    await publish({}, context());
    const uploads = gh.state.uploadCount();
    const ctx = context();
    await publish({}, ctx);
    expect(gh.state.uploadCount()).toBe(uploads);
    expect(gh.state.releasesOf("example", "rgreet")).toHaveLength(1);
    expect(ctx.lines.filter((l) => /already on the release/.test(l))).toHaveLength(
      releaseArtifacts(artifacts).length,
    );
  });

  it("fails with EMISSINGASSET before creating anything when an archive is missing", async () => {
    await rm(join(cwd, "dist", "rgreet-0.2.0-x86_64-pc-windows-gnu.zip"));
    const error = await rejection(publish({}, context()));
    expect(errorCodes(error)).toEqual(["EMISSINGASSET"]);
    expect((error as Error).message).toMatch(/1 expected release asset is missing/);
    expect(gh.state.releasesOf("example", "rgreet")).toHaveLength(0);
    expect(gh.state.uploadCount()).toBe(0);
  });

  it("fails with EMISSINGASSET when an archive's size differs from the manifest (a truncated file)", async () => {
    const a = artifacts.find((x) => x.kind === "archive") as Artifact;
    await writeFile(join(cwd, "dist", a.path), Buffer.alloc(a.size - 1));
    const error = await rejection(publish({}, context()));
    expect(errorCodes(error)).toEqual(["EMISSINGASSET"]);
    expect((error as { details: string }).details).toContain(`${a.size - 1} bytes, manifest says ${a.size}`);
    expect(gh.state.releasesOf("example", "rgreet")).toHaveLength(0);
  });

  it("finds its draft on the second page of the release list and fills it, creating no other release", async () => {
    const api = (body: unknown) =>
      fetch(`${gh.apiUrl}/repos/example/rgreet/releases`, {
        method: "POST",
        headers: { authorization: `token ${gh.token}` },
        body: JSON.stringify(body),
      }).then((r) => r.json() as Promise<{ id: number }>);
    const draft = await api({ tag_name: "v0.2.0", draft: true, body: "draft notes" });
    for (let i = 0; i < 100; i++) await api({ tag_name: `v0.0.${i}` });
    const ctx = context();
    await publish({}, ctx);
    expect(gh.state.releasesOf("example", "rgreet")).toHaveLength(101);
    expect(release()?.id).toBe(draft.id);
    expect(release()?.draft).toBe(false);
    expect(assetsOf().filter((a) => a.state === "uploaded")).toHaveLength(releaseArtifacts(artifacts).length);
    expect(gh.state.requests.some((r) => r.method === "GET" && r.path.endsWith("/releases"))).toBe(true);
    expect(ctx.lines.some((l) => /^Found GitHub draft release v0\.2\.0/.test(l))).toBe(true);
  });

  it("uploads at most `concurrency` assets at once", async () => {
    await gh.stop();
    gh = await startGitHubStandIn({ uploadDelayMs: 150 });
    await publish({ concurrency: 1 }, context());
    expect(gh.state.peakUploadsInFlight).toBe(1);
    gh.state.peakUploadsInFlight = 0;
    const v3 = { ...nextRelease, version: "0.3.0", gitTag: "v0.3.0", name: "v0.3.0" };
    await publish({ concurrency: 3 }, context(gh.env(), { nextRelease: v3 }));
    expect(gh.state.peakUploadsInFlight).toBe(3);
    const r3 = gh.state.releaseByTag("example", "rgreet", "v0.3.0");
    expect(gh.state.assetsOf(r3?.id ?? -1)).toHaveLength(releaseArtifacts(artifacts).length);
  });

  it("fails with EGITHUBAPI (no answer), publishing nothing, when GitHub stops answering", async () => {
    gh.faults.add({ kind: "drop", on: "api", method: "GET", times: 100 });
    const ctx = context();
    const time = fakeTime();
    const error = await rejection(publishGithub({ retries: 2 }, ctx, time));
    expect(errorCodes(error)).toEqual(["EGITHUBAPI"]);
    expect(error).toMatchObject({ semanticRelease: true, message: expect.stringMatching(/no answer/) });
    expect((error as { details: string }).details).toMatch(/run the release again/);
    expect(gh.faults.fired).toHaveLength(3); // the first try and 2 retries
    expect(time.waits).toHaveLength(2);
    expect(ctx.lines.filter((l) => /^Retrying GET /.test(l))).toHaveLength(2);
    expect(gh.state.releases.size).toBe(0);
  });

  it("keeps an existing draft a draft when a file is missing", async () => {
    await rm(join(cwd, "dist", "SHA256SUMS"));
    const draft = await fetch(`${gh.apiUrl}/repos/example/rgreet/releases`, {
      method: "POST",
      headers: { authorization: `token ${gh.token}` },
      body: JSON.stringify({ tag_name: "v0.2.0", draft: true }),
    }).then((r) => r.json() as Promise<{ id: number }>);
    expect(errorCodes(await rejection(publish({}, context())))).toEqual(["EMISSINGASSET"]);
    expect(gh.state.releases.get(draft.id)?.draft).toBe(true);
  });

  it("refuses to overwrite an asset with other content unless replaceAssets is set", async () => {
    await publish({}, context());
    artifacts = await writeDist(join(cwd, "dist"), sampleDist()); // a different build of the same version
    const error = await rejection(publish({}, context()));
    expect(errorCodes(error)).toEqual(["EASSETCONFLICT"]);
    await publish({ replaceAssets: true }, context());
    for (const a of releaseArtifacts(artifacts)) {
      expect(assetsOf().find((x) => x.name === a.path)?.digest).toBe(`sha256:${a.sha256}`);
    }
  });

  it("leaves the release a draft when GitHub's digest does not match the manifest", async () => {
    const a = artifacts.find((x) => x.kind === "archive") as Artifact;
    await writeFile(join(cwd, "dist", a.path), Buffer.alloc(a.size, 1)); // same size, other bytes
    const error = await rejection(publish({}, context()));
    expect(errorCodes(error)).toEqual(["EDIGESTMISMATCH"]);
    expect((error as { details: string }).details).toContain(a.path);
    expect(release()?.draft).toBe(true);
  });

  it("completes through server errors, dropped uploads and rate limits, leaving no half-uploaded asset", async () => {
    gh.faults
      .add({ kind: "status", status: 502, on: "api", method: "GET", path: "/releases" })
      .add({ kind: "status", status: 502, on: "upload", leaveStarter: true })
      .add({ kind: "drop", on: "upload" })
      .add({ kind: "rate-limit", on: "upload", resetSeconds: 1 })
      .add({
        kind: "secondary-rate-limit",
        on: "api",
        method: "POST",
        path: "/releases",
        retryAfterSeconds: 1,
      });
    const ctx = context();
    const time = fakeTime();
    await publishGithub({ concurrency: 2 }, ctx, time);
    expect(gh.faults.pending()).toBe(0);
    // One wait per fault, none real; Retry-After: 1 is a 1000 ms wait.
    expect(time.waits).toHaveLength(5);
    expect(time.waits).toContain(1000);
    expect(gh.faults.fired.map((f) => f.kind).sort()).toEqual(
      ["drop", "rate-limit", "secondary-rate-limit", "status", "status"].sort(),
    );
    expect(release()?.draft).toBe(false);
    const expected = releaseArtifacts(artifacts);
    expect(assetsOf()).toHaveLength(expected.length);
    for (const a of expected) {
      expect(assetsOf().find((x) => x.name === a.path)).toMatchObject({
        state: "uploaded",
        digest: `sha256:${a.sha256}`,
      });
    }
    expect(ctx.lines.some((l) => /Retrying/.test(l))).toBe(true);
  });

  it("counts an upload whose answer was lost as done when the release holds the same digest, sending it once", async () => {
    gh.faults.add({ kind: "drop", on: "upload", afterHandling: true, times: 2 });
    const ctx = context();
    await publishGithub({ concurrency: 1 }, ctx, fakeTime());
    expect(gh.faults.pending()).toBe(0);
    const expected = releaseArtifacts(artifacts);
    expect(gh.state.uploadCount()).toBe(expected.length);
    expect(assetsOf()).toHaveLength(expected.length);
    for (const a of expected) {
      expect(assetsOf().find((x) => x.name === a.path)?.digest).toBe(`sha256:${a.sha256}`);
    }
    expect(release()?.draft).toBe(false);
  });

  it("on a re-run, deletes the half-uploaded asset an interrupted run left and sends the file again", async () => {
    await publish({ draftRelease: true }, context());
    const a = releaseArtifacts(artifacts).find((x) => x.kind === "archive") as Artifact;
    const old = assetsOf().find((x) => x.name === a.path);
    expect(
      (
        await fetch(`${gh.apiUrl}/repos/example/rgreet/releases/assets/${old?.id}`, {
          method: "DELETE",
          headers: { authorization: `token ${gh.token}` },
        })
      ).status,
    ).toBe(204);
    // An upload that died on the server's side: GitHub keeps a "starter" asset under the name.
    gh.faults.add({ kind: "status", status: 502, on: "upload", leaveStarter: true });
    const upload = `${gh.url}/api/uploads/repos/example/rgreet/releases/${release()?.id}/assets?name=${a.path}`;
    const died = await fetch(upload, {
      method: "POST",
      headers: { authorization: `token ${gh.token}` },
      body: "x",
    });
    expect(died.status).toBe(502);
    expect(assetsOf().find((x) => x.name === a.path)?.state).toBe("starter");
    const ctx = context();
    await publish({}, ctx);
    expect(ctx.lines).toContain(`Deleting incomplete asset ${a.path} (starter)`);
    expect(assetsOf().filter((x) => x.name === a.path)).toMatchObject([
      { state: "uploaded", digest: `sha256:${a.sha256}` },
    ]);
    expect(release()?.draft).toBe(false);
  });

  it("leaves the release a draft with draftRelease, its assets uploaded and verified", async () => {
    const ctx = context();
    await publish({ draftRelease: true }, ctx);
    expect(release()?.draft).toBe(true);
    expect(assetsOf().filter((a) => a.state === "uploaded")).toHaveLength(releaseArtifacts(artifacts).length);
    expect(ctx.lines.some((l) => /^Verified \d+ asset digests/.test(l))).toBe(true);
  });

  it("never creates a second release when the answer to its creation is lost", async () => {
    gh.faults.add({ kind: "drop", on: "api", method: "POST", path: "/releases", afterHandling: true });
    await publish({}, context());
    expect(gh.faults.pending()).toBe(0);
    expect(gh.state.releasesOf("example", "rgreet")).toHaveLength(1);
    expect(release()?.draft).toBe(false);
  });

  it("uploads to a release another plugin already published, and fills the artifact table in its notes", async () => {
    const notes =
      "## 0.2.0\n\n<!-- semantic-release-rust:artifacts -->\n<!-- /semantic-release-rust:artifacts -->\n";
    await fetch(`${gh.apiUrl}/repos/example/rgreet/releases`, {
      method: "POST",
      headers: { authorization: `token ${gh.token}` },
      body: JSON.stringify({ tag_name: "v0.2.0", body: notes }),
    });
    await publish({}, context(gh.env(), { nextRelease: { ...nextRelease, notes } }));
    expect(gh.state.releasesOf("example", "rgreet")).toHaveLength(1);
    expect(assetsOf()).toHaveLength(releaseArtifacts(artifacts).length);
    const archive = artifacts.find((x) => x.kind === "archive") as Artifact;
    expect(release()?.body).toContain(archive.sha256);
  });

  it("uploads extra files matched by assets globs, with templated names", async () => {
    await writeFile(join(cwd, "NOTICE.txt"), "notice");
    await publish(
      { assets: [{ path: "NOTICE.txt", name: "NOTICE-{version}.txt", label: "Notice for {gitTag}" }] },
      context(),
    );
    expect(assetsOf().find((a) => a.name === "NOTICE-0.2.0.txt")).toMatchObject({
      label: "Notice for v0.2.0",
      size: 6,
    });
    expect(errorCodes(await rejection(publish({ assets: ["nothing/*.bin"] }, context())))).toEqual([
      "EMISSINGASSET",
    ]);
  });

  it("reaches GitHub Enterprise through GH_URL and GH_PREFIX, with GITHUB_TOKEN", async () => {
    await publish({}, context({ GH_URL: gh.url, GH_PREFIX: gh.apiPrefix, GITHUB_TOKEN: gh.token }));
    expect(release()?.draft).toBe(false);
    // GITHUB_URL and GITHUB_PREFIX, the other names @semantic-release/github reads.
    const before = gh.state.requests.length;
    await verifyConditions(
      {},
      context({ GITHUB_URL: gh.url, GITHUB_PREFIX: gh.apiPrefix, GH_TOKEN: gh.token }),
    );
    expect(gh.state.requests.slice(before).map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      `GET ${gh.apiPrefix}/repos/example/rgreet 200`,
    ]);
  });

  it("marks prereleases and promotes them with addChannel", async () => {
    const next = { name: "next", prerelease: "rc", type: "prerelease" };
    await publish({}, context(gh.env(), { branch: next }));
    expect(release()?.prerelease).toBe(true);
    await addChannel({}, context(gh.env(), { branch: { name: "main", main: true, type: "release" } }));
    const latest = await fetch(`${gh.apiUrl}/repos/example/rgreet/releases/latest`, {
      headers: { authorization: `token ${gh.token}` },
    }).then((r) => r.json() as Promise<{ tag_name: string; prerelease: boolean }>);
    expect(latest).toMatchObject({ tag_name: "v0.2.0", prerelease: false });
  });
});

describe("a GitHub without asset digests (older GitHub Enterprise)", () => {
  beforeEach(async () => {
    await gh.stop();
    gh = await startGitHubStandIn({ digests: false });
  });
  const sameSizes = () => sampleDist().map((f) => ({ ...f, size: 4096 }));

  it("checks every asset by downloading and hashing it; a re-run uploads nothing", async () => {
    const ctx = context();
    await publish({}, ctx);
    const expected = releaseArtifacts(artifacts);
    expect(release()?.draft).toBe(false);
    for (const a of expected) {
      // The stand-in keeps the digest to itself; the plugin saw none in the asset JSON.
      expect(assetsOf().find((x) => x.name === a.path)?.digest).toBe(`sha256:${a.sha256}`);
    }
    expect(ctx.lines.filter((l) => /reports no digest for .*: downloading it/.test(l))).toHaveLength(
      expected.length,
    );
    const uploads = gh.state.uploadCount();
    const again = context();
    await publish({}, again);
    expect(gh.state.uploadCount()).toBe(uploads);
    expect(again.lines.filter((l) => /already on the release/.test(l))).toHaveLength(expected.length);
  });

  it("takes an asset of the same size but other bytes as a conflict, never as already there", async () => {
    await writeDist(join(cwd, "dist"), sameSizes());
    await publish({}, context());
    const uploads = gh.state.uploadCount();
    artifacts = await writeDist(join(cwd, "dist"), sameSizes()); // another build, every file the same size
    expect(errorCodes(await rejection(publish({}, context())))).toEqual(["EASSETCONFLICT"]);
    expect(gh.state.uploadCount()).toBe(uploads);
    await publish({ replaceAssets: true }, context());
    for (const a of releaseArtifacts(artifacts)) {
      expect(assetsOf().find((x) => x.name === a.path)?.digest).toBe(`sha256:${a.sha256}`);
    }
  });

  it("leaves the release a draft when an uploaded file of the right size has other bytes than the manifest", async () => {
    const a = artifacts.find((x) => x.kind === "archive") as Artifact;
    await writeFile(join(cwd, "dist", a.path), Buffer.alloc(a.size, 1));
    const error = await rejection(publish({}, context()));
    expect(errorCodes(error)).toEqual(["EDIGESTMISMATCH"]);
    expect((error as { details: string }).details).toContain(a.path);
    expect(release()?.draft).toBe(true);
  });
});

describe("verifyConditions", () => {
  it("accepts a token that can push, without writing anything", async () => {
    await verifyConditions({}, context());
    expect(gh.state.requests.map((r) => r.method)).toEqual(["GET"]);
  });

  it("reports a missing token, a bad token, a read-only token and an unknown repository", async () => {
    const GITHUB_API_URL = gh.apiUrl;
    expect(errorCodes(await rejection(verifyConditions({}, context({ GITHUB_API_URL }))))).toEqual([
      "ENOGHTOKEN",
    ]);
    expect(
      errorCodes(await rejection(verifyConditions({}, context({ GITHUB_API_URL, GH_TOKEN: "nope" })))),
    ).toEqual(["EINVALIDGHTOKEN"]);
    await gh.stop();
    gh = await startGitHubStandIn({ tokens: { reader: "read" }, strictRepos: true });
    gh.state.addRepo("example", "rgreet");
    const env = { GITHUB_API_URL: gh.apiUrl };
    expect(
      errorCodes(await rejection(verifyConditions({}, context({ ...env, GH_TOKEN: "reader" })))),
    ).toEqual(["EGHNOPERMISSION"]);
    const other = { options: { repositoryUrl: "git@github.com:example/unknown.git" } };
    expect(
      errorCodes(await rejection(verifyConditions({}, context({ ...env, GH_TOKEN: gh.token }, other)))),
    ).toEqual(["EMISSINGREPO"]);
  });

  it("accepts @semantic-release/github listed before or after it", async () => {
    for (const plugins of [
      ["semantic-release-rust/github", ["@semantic-release/github", {}]],
      [["@semantic-release/github", {}], "semantic-release-rust/github"],
    ]) {
      await verifyConditions({}, context(gh.env(), { options: { repositoryUrl, plugins } }));
    }
  });

  it("collects option problems with the others", async () => {
    const error = await rejection(verifyConditions({ concurrency: 0, assets: [42] }, context({})));
    expect(errorCodes(error).sort()).toEqual(["EINVALIDASSETS", "EINVALIDCONCURRENCY", "ENOGHTOKEN"]);
  });
});
