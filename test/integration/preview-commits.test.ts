import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { exec } from "../../src/util/exec.js";
import { git, gitCommit, removeRepo, type TestRepo } from "../helpers/git-utils.js";
import { branchWith, preview, previewJson, releasedRepo } from "../helpers/preview.js";

const repos: TestRepo[] = [];
afterEach(async () => {
  await Promise.all(repos.splice(0).map(removeRepo));
});

/** A released repository (tag v0.1.0 on main), tracked for cleanup. */
async function repoWith(releaserc: Record<string, unknown> = {}, lastTag: string | null = "v0.1.0") {
  const repo = await releasedRepo(releaserc, lastTag);
  repos.push(repo);
  return repo;
}

describe("preview: the next release from the pull request's commits", () => {
  it.each([
    ["a fix-only branch releases a patch", ["fix: handle empty names"], "0.1.1", "patch"],
    ["a feature releases a minor", ["feat: greet in Welsh"], "0.2.0", "minor"],
    [
      "a breaking change (angular preset: in the footer) releases a major",
      ["feat: drop the --loud flag\n\nBREAKING CHANGE: --loud is gone"],
      "1.0.0",
      "major",
    ],
    [
      "several commits: the highest bump wins",
      ["fix: typo", "docs: usage", "feat: greet twice", "fix: newline"],
      "0.2.0",
      "minor",
    ],
  ])("%s", async (_what, messages, version, type) => {
    const repo = await repoWith();
    await branchWith(repo, "topic", messages);
    const report = await previewJson(repo.cwd);
    expect(report.lastRelease).toEqual({ version: "0.1.0", gitTag: "v0.1.0" });
    expect(report.nextRelease).toEqual({ version, type, gitTag: `v${version}` });
    expect(report.commits.map((c) => c.subject)).toEqual(messages.map((m) => m.split("\n")[0]).reverse());
    expect(report.warnings).toEqual([]);
    expect(report.base).toMatchObject({ name: "main", type: "release" });
  });

  it("a docs-only branch releases nothing, and says why", async () => {
    const repo = await repoWith();
    await branchWith(repo, "docs", ["docs: explain the config", "chore: tidy"]);
    const res = await preview(repo.cwd);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain("Merging into main (release) releases nothing: no commit is a fix");
    const report = await previewJson(repo.cwd);
    expect(report.nextRelease).toBeNull();
    expect(report.plan).toBeNull();
    expect(report.commits.map((c) => c.type)).toEqual([null, null]);
    expect(report.reason).toMatch(/no commit is a fix, a feature or a breaking change/);
  });

  it("honours the repository's own releaseRules and tagFormat", async () => {
    const repo = await repoWith(
      {
        tagFormat: "rgreet-${version}",
        plugins: [
          ["@semantic-release/commit-analyzer", { releaseRules: [{ type: "docs", release: "patch" }] }],
        ],
      },
      "rgreet-0.3.0",
    );
    await branchWith(repo, "docs", ["docs: explain the config"]);
    const report = await previewJson(repo.cwd);
    expect(report.nextRelease).toEqual({ version: "0.3.1", type: "patch", gitTag: "rgreet-0.3.1" });
  });

  it("honours a JavaScript release config whose analyzer options hold a function (analyzed outside the analyzer's thread)", async () => {
    const repo = await repoWith();
    await rm(join(repo.cwd, ".releaserc.json"));
    const config = [
      "module.exports = {",
      '  plugins: [["@semantic-release/commit-analyzer", {',
      '    releaseRules: [{ type: "docs", release: "patch" }],',
      "    parserOpts: { warn: () => {} },",
      "  }]],",
      "};",
    ];
    await writeFile(join(repo.cwd, "release.config.cjs"), `${config.join("\n")}\n`);
    await branchWith(repo, "docs", ["docs: explain the config", "chore: tidy"]);
    const report = await previewJson(repo.cwd);
    expect(report.nextRelease).toEqual({ version: "0.1.1", type: "patch", gitTag: "v0.1.1" });
    expect(report.commits.map((c) => c.type)).toEqual([null, "patch"]);
  });

  it("`feat!:` releases a major with the parserOpts that read `!` (the default angular preset does not)", async () => {
    const parserOpts = {
      headerPattern: "^(\\w*)(?:\\((.*)\\))?!?: (.*)$",
      breakingHeaderPattern: "^(\\w*)(?:\\((.*)\\))?!: (.*)$",
    };
    const repo = await repoWith({ plugins: [["@semantic-release/commit-analyzer", { parserOpts }]] });
    await branchWith(repo, "topic", ["fix: small", "feat!: drop the --loud flag"]);
    const report = await previewJson(repo.cwd);
    expect(report.nextRelease).toEqual({ version: "1.0.0", type: "major", gitTag: "v1.0.0" });
    expect(report.commits.map((c) => [c.subject, c.type])).toEqual([
      ["feat!: drop the --loud flag", "major"],
      ["fix: small", "patch"],
    ]);
  });

  it("the first release is 1.0.0, as semantic-release makes it", async () => {
    const repo = await repoWith({}, null);
    await branchWith(repo, "topic", ["fix: first"]);
    expect((await previewJson(repo.cwd)).nextRelease).toEqual({
      version: "1.0.0",
      type: "patch",
      gitTag: "v1.0.0",
    });
  });

  it("warns when the squash title is not a conventional commit or releases differently", async () => {
    const repo = await repoWith();
    await branchWith(repo, "topic", ["feat: greet in Welsh"]);
    const report = await previewJson(repo.cwd, ["--title", "Add Welsh greetings"]);
    expect(report.nextRelease?.version).toBe("0.2.0");
    expect(report.squash).toMatchObject({ title: "Add Welsh greetings", nextRelease: null });
    expect(report.warnings).toEqual([
      'The title "Add Welsh greetings" is not a conventional commit: a squash merge with it as the message releases nothing.',
      'A squash merge titled "Add Welsh greetings" releases nothing, a merge of the commits releases 0.2.0 (minor).',
    ]);
    const same = await previewJson(repo.cwd, ["--title", "feat(i18n): Welsh"]);
    expect(same.squash?.nextRelease).toEqual({ version: "0.2.0", type: "minor", gitTag: "v0.2.0" });
    expect(same.warnings).toEqual([]);
  });

  it("takes the title and the base branch from the pull request event", async () => {
    const repo = await repoWith({ branches: ["main", "develop"] });
    await git(repo.cwd, "checkout", "-q", "-b", "develop");
    await gitCommit(repo.cwd, "feat: on develop only");
    await git(repo.cwd, "push", "-q", "origin", "develop");
    await branchWith(repo, "topic", ["fix: small"], "develop");
    const event = `${repo.base}/event.json`;
    await exec("sh", ["-c", `echo '{"pull_request":{"number":3,"title":"fix: small"}}' > ${event}`]);
    const report = await previewJson(repo.cwd, [], { GITHUB_BASE_REF: "develop", GITHUB_EVENT_PATH: event });
    expect(report.base).toMatchObject({ name: "develop", type: "release" });
    expect(report.commits.map((c) => c.subject)).toEqual(["fix: small"]);
    expect(report.squash).toMatchObject({ title: "fix: small", nextRelease: { version: "0.1.1" } });
  });

  it("on a detached merge ref, the base is its first parent and the commits its second's", async () => {
    const repo = await repoWith();
    await branchWith(repo, "topic", ["fix: one", "feat: two"]);
    // What actions/checkout makes of refs/pull/N/merge: a detached merge commit, no branch of the base fetched.
    await git(repo.cwd, "checkout", "-q", "--detach", "main");
    await git(repo.cwd, "merge", "-q", "--no-ff", "-m", "Merge abc into def", "topic");
    await git(repo.cwd, "update-ref", "-d", "refs/remotes/origin/main");
    await git(repo.cwd, "branch", "-q", "-D", "main");
    const report = await previewJson(repo.cwd);
    expect(report.nextRelease).toEqual({ version: "0.2.0", type: "minor", gitTag: "v0.2.0" });
    expect(report.commits.map((c) => c.subject)).toEqual(["feat: two", "fix: one"]);
    expect(report.head).toBe(await git(repo.cwd, "rev-parse", "HEAD^2"));
    expect(report.base.commit).toBe(await git(repo.cwd, "rev-parse", "HEAD^1"));
  });
});

describe("preview: the base branch's type in `branches`", () => {
  const branches = ["main", { name: "beta", prerelease: true }, { name: "1.x", range: "1.x" }];

  it("a beta prerelease base starts, then continues, the prerelease", async () => {
    const repo = await repoWith({ branches }, "v1.0.0");
    await git(repo.cwd, "push", "-q", "origin", "main:beta");
    await branchWith(repo, "topic", ["feat: beta feature"], "origin/beta");
    const first = await previewJson(repo.cwd, ["--base", "beta"]);
    expect(first.base).toMatchObject({ name: "beta", type: "prerelease" });
    expect(first.nextRelease).toEqual({ version: "1.1.0-beta.1", type: "minor", gitTag: "v1.1.0-beta.1" });
    await git(repo.cwd, "push", "-q", "origin", "topic:beta");
    await git(repo.cwd, "tag", "v1.1.0-beta.1");
    await git(repo.cwd, "fetch", "-q", "origin");
    await branchWith(repo, "topic2", ["fix: beta fix"], "origin/beta");
    const next = await previewJson(repo.cwd, ["--base", "beta"]);
    expect(next.lastRelease).toEqual({ version: "1.1.0-beta.1", gitTag: "v1.1.0-beta.1" });
    expect(next.nextRelease?.version).toBe("1.1.0-beta.2");
  });

  it("a maintenance base refuses a bump out of its range, with a warning", async () => {
    const repo = await repoWith({ branches }, "v1.2.0");
    await git(repo.cwd, "push", "-q", "origin", "main:1.x");
    await branchWith(repo, "topic", ["fix: backport"], "origin/1.x");
    expect((await previewJson(repo.cwd, ["--base", "1.x"])).nextRelease?.version).toBe("1.2.1");
    await gitCommit(repo.cwd, "feat: new config\n\nBREAKING CHANGE: old one gone");
    const report = await previewJson(repo.cwd, ["--base", "1.x"]);
    expect(report.base.type).toBe("maintenance");
    expect(report.nextRelease).toBeNull();
    expect(report.warnings[0]).toMatch(
      /2\.0\.0 is outside the range >=1\.0\.0 <2\.0\.0 of the maintenance branch 1\.x/,
    );
  });

  it("a base that is no release branch releases nothing", async () => {
    const repo = await repoWith();
    await git(repo.cwd, "push", "-q", "origin", "main:feature-x");
    await branchWith(repo, "topic", ["feat: x"], "origin/feature-x");
    const report = await previewJson(repo.cwd, ["--base", "feature-x"]);
    expect(report.nextRelease).toBeNull();
    expect(report.warnings[0]).toMatch(/feature-x is not a release branch/);
  });
});

describe("preview in a shallow checkout", () => {
  it("fetches the history and tags it needs from origin", async () => {
    const repo = await repoWith();
    await branchWith(repo, "topic", ["fix: one", "feat: two"]);
    await git(repo.cwd, "push", "-q", "origin", "topic");
    const shallow = `${repo.base}/shallow`;
    await git(
      repo.base,
      "clone",
      "-q",
      "--depth",
      "1",
      "--no-tags",
      "-b",
      "topic",
      repo.repositoryUrl,
      shallow,
    );
    const res = await preview(shallow, ["--json"]);
    expect(res.code).toBe(0);
    expect(res.stderr).toContain(
      "The checkout was shallow: fetched the whole history and the tags from origin",
    );
    const report = JSON.parse(res.stdout) as { nextRelease: unknown; lastRelease: unknown };
    expect(report.lastRelease).toEqual({ version: "0.1.0", gitTag: "v0.1.0" });
    expect(report.nextRelease).toEqual({ version: "0.2.0", type: "minor", gitTag: "v0.2.0" });
  });

  it("says which fetch-depth to set when origin cannot be reached", async () => {
    const repo = await repoWith();
    await branchWith(repo, "topic", ["fix: one"]);
    await git(repo.cwd, "push", "-q", "origin", "topic");
    const shallow = `${repo.base}/shallow`;
    await git(repo.base, "clone", "-q", "--depth", "1", "-b", "topic", repo.repositoryUrl, shallow);
    await git(shallow, "remote", "set-url", "origin", `file://${repo.base}/gone.git`);
    const res = await preview(shallow);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("EPREVIEWSHALLOW");
    expect(res.stderr).toContain("fetch-depth: 0");
  });
});
