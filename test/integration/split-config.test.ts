import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyConditions as verifyBinaries } from "../../src/binaries/index.js";
import { buildCommand } from "../../src/cli/build.js";
import { finishCommand } from "../../src/cli/finish.js";
import { forwardTags } from "../../src/resume/finish-input.js";
import { errorCodes, rejection, testContext } from "../helpers/context.js";
import {
  git,
  gitEnv,
  initExamplesRepo,
  remoteTags,
  removeRepo,
  type TestRepo,
} from "../helpers/git-utils.js";
import { PUBLIC_URL } from "../helpers/resume-release.js";
import { captureStream, runRelease } from "../helpers/run-release.js";
import { startGitHubDemo, type GitHubDemo } from "../stand-ins/github-demo.js";

const UPSTREAM = "@semantic-release/github";

describe("split release: configuration checks before anything is pushed", () => {
  let repo: TestRepo;
  let github: GitHubDemo;

  /** A split-release run of examples/ with this @semantic-release/github entry beside ours. */
  const release = (upstream: unknown, dryRun = false) =>
    runRelease(repo.cwd, {
      repositoryUrl: PUBLIC_URL,
      dryRun,
      plugins: [
        "@semantic-release/commit-analyzer",
        "semantic-release-rust",
        upstream,
        "semantic-release-rust/github",
      ],
      env: { ...gitEnv, ...github.env },
    }).catch((e: unknown) => e as { code?: string; errors?: { code?: string; details?: string }[] });

  /** Runs a CLI command in the repo; exit code and both outputs. */
  const cli = async (command: typeof buildCommand, ...args: string[]) => {
    const stdout = captureStream();
    const stderr = captureStream();
    const code = await command.run(args, {
      stdout,
      stderr,
      env: { ...process.env, ...gitEnv },
      cwd: repo.cwd,
    });
    return { code, stdout: stdout.text(), stderr: stderr.text() };
  };

  beforeAll(async () => {
    github = await startGitHubDemo();
    repo = await initExamplesRepo({ publicUrl: PUBLIC_URL });
    // The global option every plugin gets; semantic-release reads it from the file.
    const config = { branches: ["main"], repositoryUrl: PUBLIC_URL, rustRelease: "split" };
    await writeFile(join(repo.cwd, ".releaserc.json"), `${JSON.stringify(config, null, 2)}\n`);
  });
  afterAll(async () => {
    await github?.stop();
    if (repo) await removeRepo(repo);
  });

  it("refuses @semantic-release/github that would publish or announce the release (ESPLITUPSTREAM)", async () => {
    const error = await release([UPSTREAM, { failCommentCondition: false }]);
    const split = (error as { errors?: { code?: string; details?: string }[] }).errors?.find(
      (e) => e.code === "ESPLITUPSTREAM",
    );
    expect(split?.details).toContain("creates a public release (give it `draftRelease: true`)");
    expect(split?.details).toContain("comments on the released issues and pull requests");
    expect(split?.details).toContain('"draftRelease": true, "successCommentCondition": false');
    const commenting = (await release([UPSTREAM, { draftRelease: true, failCommentCondition: false }])) as {
      errors?: { code?: string }[];
    };
    expect(commenting.errors?.map((e) => e.code)).toContain("ESPLITUPSTREAM");
    expect(await remoteTags(repo.remote)).toEqual(["v0.1.0"]);
    expect(github.standIn.state.releasesOf("example", "rgreet")).toEqual([]);
  });

  it("accepts it as a draft that announces nothing", async () => {
    const ok = (await release([UPSTREAM, { draftRelease: true, successCommentCondition: false }], true)) as {
      output?: string;
    };
    expect(ok.output).toContain("The next release version is 0.2.0");
    expect(ok.output).not.toContain("ESPLITUPSTREAM");
  });

  it("refuses prebuilt beside a plugin that makes the release commit (EPREBUILTFLOW)", async () => {
    const ctx = testContext(repo.cwd, {
      options: {
        plugins: ["semantic-release-rust", "@semantic-release/git", "semantic-release-rust/binaries"],
      },
    });
    const error = await rejection(verifyBinaries({ prebuilt: "jobs" }, ctx));
    expect(errorCodes(error)).toEqual(["EPREBUILTFLOW"]);
  });

  it("build --version outside placeholderVersion exits 2 with EBUILDNEEDSTAG and leaves the manifests", async () => {
    const before = await readFile(join(repo.cwd, "Cargo.toml"), "utf8");
    const r = await cli(buildCommand, "--target", "x86_64-unknown-linux-gnu", "--version", "0.2.0");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("EBUILDNEEDSTAG");
    expect(await readFile(join(repo.cwd, "Cargo.toml"), "utf8")).toBe(before);
  });

  it("build --tag of a tag whose commit carries another version exits 2 with EBUILDTAGVERSION", async () => {
    await git(repo.cwd, "tag", "v0.1.5");
    const r = await cli(buildCommand, "--target", "x86_64-unknown-linux-gnu", "--tag", "v0.1.5");
    await git(repo.cwd, "tag", "-d", "v0.1.5");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("EBUILDTAGVERSION Cargo says 0.1.0, but v0.1.5 is version 0.1.5.");
  });

  it("finish needs --tag and --from", async () => {
    expect((await cli(finishCommand, "--from", "jobs")).stderr).toContain("--tag is required");
    expect((await cli(finishCommand, "--tag", "v0.1.0")).stderr).toContain("--from is required");
  });
});

describe("forwardTags: floating tags stay with a newer published release", () => {
  const templates = ["{version}", "{major}.{minor}", "{major}", "latest"];
  it("drops latest and the major tag for 1.2.1 when 1.3.0 is published, keeps 1.2", () => {
    expect(forwardTags(templates, { version: "1.2.1" }, ["1.3.0"])).toEqual(["{version}", "{major}.{minor}"]);
  });
  it("drops 1.2 too when 1.2.2 is published, keeps the major when only 2.0.0 is", () => {
    expect(forwardTags(templates, { version: "1.2.1" }, ["1.2.2"])).toEqual(["{version}"]);
    expect(forwardTags(templates, { version: "1.2.1" }, ["2.0.0"])).toEqual([
      "{version}",
      "{major}.{minor}",
      "{major}",
    ]);
  });
  it("keeps every tag when nothing newer is published", () => {
    expect(forwardTags(templates, { version: "1.2.1" }, [])).toEqual(templates);
  });
});
