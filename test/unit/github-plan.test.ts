import { describe, expect, it } from "vitest";
import { planAssets } from "../../src/github/plan.js";
import type { LocalAsset } from "../../src/github/collect-assets.js";
import { contentType } from "../../src/github/content-type.js";
import { parseRepositoryUrl } from "../../src/github/parse-repository-url.js";
import { publishDeferred, upstreamListedAfter, upstreamReleaseId } from "../../src/github/plugin-order.js";
import { isPrerelease, makeLatest } from "../../src/github/release-fields.js";
import type { RemoteAsset } from "../../src/github/releases.js";
import { resolveApiUrl, type GithubConfig } from "../../src/github/config.js";
import { renderTemplate } from "../../src/github/template.js";
import { checkDigests } from "../../src/github/verify-digests.js";

const local = (name: string, sha256: string, size = 10): LocalAsset => ({
  name,
  path: `/dist/${name}`,
  size,
  sha256,
  contentType: "application/gzip",
});
const remote = (
  id: number,
  name: string,
  digest: string | null,
  state = "uploaded",
  size = 10,
): RemoteAsset => ({
  id,
  name,
  label: null,
  state,
  size,
  digest,
  browser_download_url: "",
});

describe("planAssets", () => {
  it("skips same digests, uploads new files, replaces half uploads, and reports other digests as conflicts", () => {
    const plan = planAssets(
      [local("a.tar.gz", "aa"), local("b.tar.gz", "bb"), local("c.tar.gz", "cc"), local("d.tar.gz", "dd")],
      [
        remote(1, "a.tar.gz", "sha256:aa"),
        remote(2, "c.tar.gz", null, "starter", 0),
        remote(3, "d.tar.gz", "sha256:xx"),
      ],
      { replaceAssets: false },
    );
    expect(
      plan.actions.map(
        (a) => `${a.action} ${a.local.name}${"stale" in a && a.stale ? ` (delete ${a.stale.id})` : ""}`,
      ),
    ).toEqual(["skip a.tar.gz", "upload b.tar.gz", "upload c.tar.gz (delete 2)"]);
    expect(plan.conflicts).toEqual([{ name: "d.tar.gz", remote: "sha256:xx", local: "dd" }]);
  });

  it("replaces an asset with another digest when replaceAssets is set", () => {
    const plan = planAssets([local("d.tar.gz", "dd")], [remote(3, "d.tar.gz", "sha256:xx")], {
      replaceAssets: true,
    });
    expect(plan.conflicts).toEqual([]);
    expect(plan.actions).toMatchObject([{ action: "upload", stale: { id: 3 } }]);
  });

  it("never takes an asset without a digest as a match on its size alone", () => {
    const plan = planAssets([local("e.tar.gz", "ee", 10)], [remote(4, "e.tar.gz", null, "uploaded", 10)], {
      replaceAssets: false,
    });
    expect(plan.actions).toEqual([]);
    expect(plan.conflicts).toEqual([{ name: "e.tar.gz", remote: "10 bytes", local: "ee" }]);
    expect(
      checkDigests([local("e.tar.gz", "ee", 10)], [remote(4, "e.tar.gz", null, "uploaded", 10)]),
    ).toEqual([{ name: "e.tar.gz", expected: "ee", actual: "10 bytes" }]);
  });

  it("reports two files that would upload under one name", () => {
    const plan = planAssets([local("x", "1"), { ...local("x", "2"), path: "/other/x" }], [], {
      replaceAssets: false,
    });
    expect(plan.duplicates).toEqual(["x"]);
  });
});

describe("checkDigests", () => {
  it("accepts only complete assets whose digest is the local sha256", () => {
    const problems = checkDigests(
      [local("a", "aa"), local("b", "bb"), local("c", "cc")],
      [remote(1, "a", "sha256:aa"), remote(2, "b", "sha256:zz"), remote(3, "c", null, "starter")],
    );
    expect(problems).toEqual([
      { name: "b", expected: "bb", actual: "sha256:zz" },
      { name: "c", expected: "cc", actual: "state starter" },
    ]);
  });
});

describe("settings and release fields", () => {
  const config = {} as GithubConfig;
  it("resolves the API URL like @semantic-release/github", () => {
    expect(resolveApiUrl(config, {})).toBe("https://api.github.com");
    expect(resolveApiUrl(config, { GITHUB_API_URL: "https://ghe.example/api/v3/" })).toBe(
      "https://ghe.example/api/v3",
    );
    expect(resolveApiUrl(config, { GH_URL: "https://ghe.example", GH_PREFIX: "/api/v3" })).toBe(
      "https://ghe.example/api/v3",
    );
    expect(resolveApiUrl(config, { GITHUB_URL: "https://ghe.example/", GITHUB_PREFIX: "api/v3" })).toBe(
      "https://ghe.example/api/v3",
    );
    expect(
      resolveApiUrl({ ...config, githubApiUrl: "http://127.0.0.1:1/api" }, { GH_URL: "https://x" }),
    ).toBe("http://127.0.0.1:1/api");
  });
  it("reads owner and repository from https, ssh and scp-like URLs", () => {
    expect(parseRepositoryUrl("https://github.com/o/r.git")).toEqual({ owner: "o", repo: "r" });
    expect(parseRepositoryUrl("git@github.com:o/r.git")).toEqual({ owner: "o", repo: "r" });
    expect(parseRepositoryUrl("git+ssh://git@ghe.example/o/r")).toEqual({ owner: "o", repo: "r" });
    expect(parseRepositoryUrl("not a url")).toEqual({});
  });
  it("marks prereleases and the latest release by branch", () => {
    expect(isPrerelease({ name: "beta", prerelease: "beta", type: "prerelease" })).toBe(true);
    expect(isPrerelease({ name: "main", main: true, type: "release" })).toBe(false);
    expect(makeLatest({ name: "1.x", type: "maintenance" })).toBe("legacy");
    expect(makeLatest({ name: "main", main: true, type: "release" })).toBe("true");
  });
  it("names content types by extension and renders templates", () => {
    expect(
      ["a.tar.gz", "a.zip", "a.tar.xz", "SHA256SUMS", "a.tar.gz.sha256", "x.bin"].map(contentType),
    ).toEqual([
      "application/gzip",
      "application/zip",
      "application/x-xz",
      "text/plain",
      "text/plain",
      "application/octet-stream",
    ]);
    expect(renderTemplate("{name} for {target} ({unknown})", { name: "rgreet", target: "x86_64" })).toBe(
      "rgreet for x86_64 ()",
    );
  });
});

describe("plugin order", () => {
  const ours = "semantic-release-rust/github";
  const up = "@semantic-release/github";
  const ctx = (plugins: unknown[], releases: unknown[] = []) => ({
    env: {},
    logger: { log: () => undefined, error: () => undefined },
    options: { plugins },
    releases,
  });

  it("sees @semantic-release/github listed after this plugin, in string or [name, config] form", () => {
    expect(upstreamListedAfter(ctx([ours, [up, {}]]))).toBe(true);
    expect(upstreamListedAfter(ctx([[ours, {}], up]))).toBe(true);
    expect(upstreamListedAfter(ctx([up, ours]))).toBe(false);
    expect(upstreamListedAfter(ctx([ours]))).toBe(false);
    expect(upstreamListedAfter(ctx([up]))).toBe(false);
  });

  it("knows publish deferred only from the name-only entry semantic-release records for `false`", () => {
    const upstreamEntry = { pluginName: up, url: "https://x/r/1", id: 7, gitTag: "v1.0.0" };
    expect(publishDeferred(ctx([ours, up], [{ pluginName: ours }, upstreamEntry]))).toBe(true);
    // addChannel (or a publish that made the release) leaves an entry with a URL: nothing deferred.
    expect(publishDeferred(ctx([ours, up], [{ pluginName: ours, url: "https://x" }, upstreamEntry]))).toBe(
      false,
    );
    expect(publishDeferred(ctx([ours, up], [upstreamEntry]))).toBe(false);
    expect(publishDeferred(ctx([up, ours], [{ pluginName: ours }]))).toBe(false);
    expect(upstreamReleaseId(ctx([ours, up], [{ pluginName: ours }, upstreamEntry]), "v1.0.0")).toBe(7);
    expect(upstreamReleaseId(ctx([ours, up], [upstreamEntry]), "v2.0.0")).toBeUndefined();
  });
});
