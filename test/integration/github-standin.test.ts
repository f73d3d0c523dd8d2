import { createHash } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testContext } from "../helpers/context.js";
import { startGitHubStandIn, type GitHubStandIn } from "../stand-ins/github-server.js";
import { startGitHubDemo } from "../stand-ins/github-demo.js";
import { releaseArtifacts, sampleDist, writeDist } from "../stand-ins/github-dist.js";
import { publish } from "../../src/github/index.js";

let gh: GitHubStandIn;
let cwd: string;
beforeEach(async () => {
  gh = await startGitHubStandIn();
  cwd = await mkdtemp(join(tmpdir(), "srr-gh-standin-"));
});
afterEach(async () => {
  await gh.stop();
  await rm(cwd, { recursive: true, force: true });
});

const api = (path: string, init: RequestInit & { token?: string | null } = {}) =>
  fetch(path.startsWith("http") ? path : `${gh.apiUrl}${path}`, {
    ...init,
    headers: {
      ...(init.token === null ? {} : { authorization: `token ${init.token ?? gh.token}` }),
      ...(init.headers as Record<string, string>),
    },
  });
const create = (body: Record<string, unknown>) =>
  api("/repos/o/r/releases", { method: "POST", body: JSON.stringify(body) }).then(
    async (r) => [r.status, await r.json()] as [number, Record<string, unknown>],
  );

describe("GitHub stand-in", () => {
  it("is driven by the real @semantic-release/github client: verify, draft, streamed assets, publish", async () => {
    await writeFile(join(cwd, "a.tar.gz"), "archive bytes");
    await writeFile(join(cwd, "SHA256SUMS"), "sums");
    const plugin = "@semantic-release/github";
    const upstream = (await import(plugin)) as Record<string, (c: unknown, ctx: unknown) => Promise<unknown>>;
    const ctx = testContext(cwd, {
      env: { GH_URL: gh.url, GH_PREFIX: gh.apiPrefix, GH_TOKEN: gh.token },
      options: { repositoryUrl: "https://github.com/o/r.git" },
      branch: { name: "main", main: true, type: "release" },
      nextRelease: { version: "1.0.0", gitTag: "v1.0.0", name: "v1.0.0", notes: "notes" },
    });
    const config = { assets: [{ path: "a.tar.gz", label: "Archive" }, "SHA256SUMS"] };
    await upstream.verifyConditions?.(config, ctx);
    const result = (await upstream.publish?.(config, ctx)) as { url: string };
    const release = gh.state.releaseByTag("o", "r", "v1.0.0");
    expect(release?.draft).toBe(false);
    expect(result.url).toBe(`${gh.url}/o/r/releases/tag/v1.0.0`);
    const assets = gh.state.assetsOf(release?.id ?? -1);
    const digest = (text: string) => `sha256:${createHash("sha256").update(text).digest("hex")}`;
    expect(Object.fromEntries(assets.map((a) => [a.name, [a.label, a.state, a.digest]]))).toEqual({
      "a.tar.gz": ["Archive", "uploaded", digest("archive bytes")],
      SHA256SUMS: [null, "uploaded", digest("sums")],
    });
    // browser_download_url serves the bytes
    const json = (await api(`/repos/o/r/releases/${release?.id}`).then((r) => r.json())) as {
      assets: { name: string; browser_download_url: string }[];
    };
    const url = json.assets.find((a) => a.name === "a.tar.gz")?.browser_download_url ?? "";
    expect(await fetch(url).then((r) => r.text())).toBe("archive bytes");
  });

  it("finds only published releases by tag, paginates lists with Link headers, and refuses a duplicate tag", async () => {
    const [status, draft] = await create({ tag_name: "v0.1.0", draft: true });
    expect(status).toBe(201);
    expect(draft.upload_url).toMatch(/\/assets\{\?name,label\}$/);
    expect((await api("/repos/o/r/releases/tags/v0.1.0")).status).toBe(404);
    for (let i = 1; i <= 4; i++) await create({ tag_name: `v1.${i}.0` });
    const [dup, body] = await create({ tag_name: "v1.1.0" });
    expect(dup).toBe(422);
    expect(body).toMatchObject({
      message: "Validation Failed",
      errors: [{ code: "already_exists", field: "tag_name" }],
    });
    const page1 = await api("/repos/o/r/releases?per_page=2");
    expect(((await page1.json()) as unknown[]).length).toBe(2);
    const next = /<([^>]+)>; rel="next"/.exec(page1.headers.get("link") ?? "")?.[1] ?? "";
    expect(page1.headers.get("link")).toContain('rel="last"');
    const page2 = await api(next);
    expect(((await page2.json()) as unknown[]).length).toBe(2);
    const page3 = await api(/<([^>]+)>; rel="next"/.exec(page2.headers.get("link") ?? "")?.[1] ?? "");
    expect(((await page3.json()) as { tag_name: string }[]).map((r) => r.tag_name)).toEqual(["v0.1.0"]);
  });

  it("answers like GitHub to bad tokens, missing access, duplicate asset names and missing lengths", async () => {
    const bad = await api("/repos/o/r", { token: "wrong" });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({
      message: "Bad credentials",
      documentation_url: expect.any(String),
    });
    expect((await api("/repos/o/r", { token: null })).status).toBe(404);
    const [, release] = await create({ tag_name: "v2.0.0", draft: true });
    const upload = String(release.upload_url).replace(/\{.*$/, "");
    const send = () =>
      api(`${upload}?name=x.zip`, {
        method: "POST",
        body: "zip",
        headers: { "content-type": "application/zip" },
      });
    const first = await send();
    expect(first.status).toBe(201);
    expect(await first.json()).toMatchObject({
      name: "x.zip",
      state: "uploaded",
      size: 3,
      content_type: "application/zip",
    });
    const second = await send();
    expect(second.status).toBe(422);
    expect(await second.json()).toMatchObject({
      errors: [{ resource: "ReleaseAsset", code: "already_exists", field: "name" }],
    });
  });

  it("injects rate limits and server errors", async () => {
    gh.faults
      .add({ kind: "rate-limit", resetSeconds: 30 })
      .add({ kind: "secondary-rate-limit", retryAfterSeconds: 7 })
      .add({ kind: "status", status: 503 });
    const limited = await api("/repos/o/r");
    expect(limited.status).toBe(403);
    expect(limited.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(Number(limited.headers.get("x-ratelimit-reset"))).toBeGreaterThan(Date.now() / 1000);
    const secondary = await api("/repos/o/r");
    expect([secondary.status, secondary.headers.get("retry-after")]).toEqual([429, "7"]);
    expect((await api("/repos/o/r")).status).toBe(503);
    expect((await api("/repos/o/r")).status).toBe(200);
  });

  it("updates, gets and deletes releases and assets, and serves asset bytes through the API redirect", async () => {
    const [, release] = await create({ tag_name: "v3.0.0", draft: true, name: "three" });
    const upload = String(release.upload_url).replace(/\{.*$/, "");
    const sent = await api(`${upload}?name=a.bin&label=Binary`, { method: "POST", body: "abc" });
    const asset = (await sent.json()) as { id: number; url: string; label: string };
    expect(asset.label).toBe("Binary");
    const listed = (await api(`/repos/o/r/releases/${release.id}/assets`).then((r) => r.json())) as {
      name: string;
    }[];
    expect(listed.map((a) => a.name)).toEqual(["a.bin"]);
    expect(await api(asset.url).then((r) => r.json())).toMatchObject({ name: "a.bin", size: 3 });
    const bytes = await api(asset.url, { headers: { accept: "application/octet-stream" } });
    expect([bytes.status, bytes.redirected, await bytes.text()]).toEqual([200, true, "abc"]);

    const patched = await api(`/repos/o/r/releases/${release.id}`, {
      method: "PATCH",
      body: JSON.stringify({ draft: false, prerelease: true, body: "notes" }),
    });
    expect(await patched.json()).toMatchObject({
      draft: false,
      prerelease: true,
      body: "notes",
      name: "three",
    });
    expect((await api("/repos/o/r/releases/tags/v3.0.0")).status).toBe(200);

    expect((await api(asset.url, { method: "DELETE" })).status).toBe(204);
    expect((await api(asset.url)).status).toBe(404);
    expect((await api(`/repos/o/r/releases/${release.id}`, { method: "DELETE" })).status).toBe(204);
    expect((await api(`/repos/o/r/releases/${release.id}`)).status).toBe(404);
    expect((await api("/repos/o/r/releases/tags/v3.0.0")).status).toBe(404);
  });

  it("lets a read-only token see published releases but not drafts, and refuses its writes with 403", async () => {
    await gh.stop();
    gh = await startGitHubStandIn({ tokens: { reader: "read" } });
    const [, published] = await create({ tag_name: "v4.0.0" });
    const [, draft] = await create({ tag_name: "v4.1.0", draft: true });
    const reader = { token: "reader" };
    expect((await api(`/repos/o/r/releases/${published.id}`, reader)).status).toBe(200);
    expect((await api(`/repos/o/r/releases/${draft.id}`, reader)).status).toBe(404);
    const repo = (await api("/repos/o/r", reader).then((r) => r.json())) as {
      permissions: { push: boolean };
    };
    expect(repo.permissions.push).toBe(false);
    const writes = [
      api("/repos/o/r/releases", { ...reader, method: "POST", body: JSON.stringify({ tag_name: "v5" }) }),
      api(`/repos/o/r/releases/${published.id}`, { ...reader, method: "PATCH", body: "{}" }),
      api(`/repos/o/r/releases/${published.id}`, { ...reader, method: "DELETE" }),
      api(`${String(published.upload_url).replace(/\{.*$/, "")}?name=x`, {
        ...reader,
        method: "POST",
        body: "x",
      }),
    ];
    for (const res of await Promise.all(writes)) {
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ message: "Resource not accessible by personal access token" });
    }
    expect(gh.state.assets.size).toBe(0);
    expect(gh.state.releases.size).toBe(2);
  });

  it("gives the demo a release URL that opens the release page, whose links download the assets", async () => {
    const demo = await startGitHubDemo();
    try {
      const artifacts = await writeDist(join(cwd, "dist"), sampleDist());
      const repositoryUrl = "https://github.com/example/rgreet.git";
      const ctx = testContext(cwd, {
        env: demo.env,
        options: { repositoryUrl },
        branch: { name: "main", main: true, type: "release" },
        nextRelease: { version: "0.2.0", gitTag: "v0.2.0", name: "v0.2.0", notes: "demo notes" },
      });
      const result = (await publish({}, ctx)) as { url: string };
      const report = demo.report(repositoryUrl, "v0.2.0");
      expect(report.split("\n")[0]).toBe(`GitHub release v0.2.0 (published): ${result.url}`);
      const page = await fetch(result.url);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain("demo notes");
      for (const a of releaseArtifacts(artifacts)) {
        expect(report).toContain(`sha256:${a.sha256}`);
        const link = new RegExp(`href="([^"]+)">${a.path.replace(/\./g, "\\.")}<`).exec(html)?.[1] ?? "";
        const download = await fetch(link);
        const bytes = Buffer.from(await download.arrayBuffer());
        expect(createHash("sha256").update(bytes).digest("hex")).toBe(a.sha256);
      }
    } finally {
      await demo.stop();
    }
  });
});
