import { mkdir, mkdtemp, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exec } from "../../src/util/exec.js";
import { git, initExamplesRepo, remoteTags, removeRepo, type TestRepo } from "../helpers/git-utils.js";
import { repoRoot } from "../helpers/paths.js";
import { releasePlugins } from "../helpers/release-plugins.js";
import { runRelease } from "../helpers/run-release.js";

/** An address where no registry answers: the docker cases fail on their config before any push anyway. */
const NO_REGISTRY = "127.0.0.1:9/example/rgreet";

const binaries = (options: Record<string, unknown>) => ["semantic-release-rust/binaries", options];
const docker = (options: Record<string, unknown>) => [
  "semantic-release-rust/docker",
  { images: [NO_REGISTRY], ...options },
];

/** Each config error verifyConditions must find, with the plugin entry (or tagFormat) that has it. */
const cases: { what: string; code: string; publishers: unknown[]; tagFormat?: string }[] = [
  {
    what: "an unknown archiveName placeholder",
    code: "EARCHIVENAME",
    publishers: [binaries({ archiveName: "{name}-{arch}" })],
  },
  {
    what: "an archiveName that renders a /",
    code: "EARCHIVENAME",
    publishers: [binaries({ archiveName: "{name}-v{version}/{target}" })],
  },
  {
    what: "a newline in archiveName (a forged .sha256 line)",
    code: "EARCHIVENAME",
    publishers: [binaries({ archiveName: "{name}-v{version}\nffff  evil-{target}" })],
  },
  {
    what: "a compression level tar.gz does not have",
    code: "ECOMPRESSIONLEVEL",
    publishers: [binaries({ archiveFormat: "tar.gz", compressionLevel: 15 })],
  },
  {
    what: "an include pattern that matches no tracked file",
    code: "EINCLUDENOMATCH",
    publishers: [binaries({ include: ["docs/never-written-*.md"] })],
  },
  { what: 'docker binDir "../../x"', code: "EINVALIDBINDIR", publishers: [docker({ binDir: "../../x" })] },
  { what: 'docker user "root;id"', code: "EINVALIDUSER", publishers: [docker({ user: "root;id" })] },
  {
    what: "a docker tag template with an unknown placeholder",
    code: "EDOCKERTAG",
    publishers: [docker({ tags: ["{version}", "{os}-latest"] })],
  },
  {
    what: "a GitHub asset name that renders a / (from {gitTag})",
    code: "EASSETTEMPLATE",
    publishers: [
      ["semantic-release-rust/github", { assets: [{ path: "LICENSE", name: "{gitTag}/{name}" }] }],
    ],
  },
  {
    what: "a tagFormat our tooling cannot read back",
    code: "ETAGFORMAT",
    publishers: [],
    tagFormat: "v<%= version %>",
  },
  {
    what: "a tagFormat that is no git tag",
    code: "EINVALIDTAGFORMAT",
    publishers: [],
    tagFormat: "v ${version}",
  },
];

let fixture: TestRepo;
const repos: TestRepo[] = [];
beforeAll(async () => {
  fixture = await initExamplesRepo();
});
afterAll(async () => {
  await Promise.all([fixture, ...repos].filter(Boolean).map(removeRepo));
});

/** A new bare remote and clone of the fixture (tag v0.1.0 plus a `feat:` commit), beside a node_modules link. */
async function cloneFixture(): Promise<TestRepo> {
  const base = await mkdtemp(join(tmpdir(), "srr-config-"));
  const remote = join(base, "remote.git");
  const cwd = join(base, "repo");
  await exec("git", ["clone", "-q", "--bare", fixture.remote, remote]);
  await exec("git", ["clone", "-q", `file://${remote}`, cwd]);
  await mkdir(join(base, "node_modules"));
  await symlink(repoRoot, join(base, "node_modules", "semantic-release-rust"), "dir");
  const repo = { base, cwd, remote, repositoryUrl: `file://${remote}` };
  repos.push(repo);
  return repo;
}

describe("a real semantic-release run with a config error, @semantic-release/git listed before our plugins", () => {
  it.each(cases)("stops on $what ($code) before anything is committed or pushed", async (c) => {
    const repo = await cloneFixture();
    const head = await git(repo.remote, "rev-parse", "main");
    const error = await runRelease(repo.cwd, {
      repositoryUrl: repo.repositoryUrl,
      plugins: releasePlugins(c.publishers),
      ...(c.tagFormat ? { tagFormat: c.tagFormat } : {}),
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error, "the release must fail").toBeDefined();
    const { code, errors } = error as { code?: string; errors?: { code?: string }[] };
    expect(errors ? errors.map((e) => e.code) : [code]).toContain(c.code);
    // The remote is as before: no version commit, no tag; the next release is not stuck on EVERSIONMISMATCH.
    expect(await git(repo.remote, "rev-parse", "main")).toBe(head);
    expect(await remoteTags(repo.remote)).toEqual(["v0.1.0"]);
    expect(await git(repo.cwd, "rev-parse", "HEAD")).toBe(head);
  });
});
