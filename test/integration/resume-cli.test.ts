import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import type { DistManifest } from "../../src/manifest/dist-manifest.js";
import { sharedTargetDir } from "../helpers/cargo-env.js";
import {
  git,
  gitEnv,
  initExamplesRepo,
  remoteTags,
  removeRepo,
  type TestRepo,
} from "../helpers/git-utils.js";
import {
  cloneAt,
  commitReleaseConfig,
  PUBLIC_URL,
  readDist,
  releaseFiles,
  releaseOf,
  releasePlugins,
  resumeCli,
} from "../helpers/resume-release.js";
import { runRelease } from "../helpers/run-release.js";
import { startDemoCratesRegistry, type CratesSandbox } from "../stand-ins/crates-env.js";
import { startGitHubDemo, type GitHubDemo } from "../stand-ins/github-demo.js";
import { hasDockerRegistry, startDockerDemo, type DockerDemo } from "../stand-ins/oci-demo.js";

describe("semantic-release-rust resume finishes a release that failed after its tag was pushed", () => {
  let repo: TestRepo;
  let github: GitHubDemo;
  let crates: CratesSandbox;
  let env: Record<string, string>;
  /** A fresh clone of the remote, as the job that resumes the release has. */
  let job: string;
  let failure: { message?: string; output?: string } | undefined;
  let interrupted: DistManifest;

  const resume = (cwd: string, ...args: string[]) => resumeCli(cwd, args, env);

  /** What leaving the world untouched means: the same registry uploads, GitHub requests and clean clone. */
  const snapshot = async () => ({
    publishAttempts: crates.registry.publishAttempts.length,
    githubRequests: github.standIn.state.requests.length,
    status: await git(job, "status", "--porcelain", "--ignored"),
  });

  beforeAll(async () => {
    github = await startGitHubDemo();
    crates = await startDemoCratesRegistry();
    repo = await initExamplesRepo({ publicUrl: PUBLIC_URL });
    const plugins = releasePlugins([
      "semantic-release-rust/binaries",
      ["semantic-release-rust/crates", crates.pluginConfig],
      ...github.plugins,
    ]);
    await commitReleaseConfig(repo, plugins);
    env = { ...gitEnv, ...github.env, ...crates.env, CARGO_TARGET_DIR: sharedTargetDir };

    // The registry fails every upload of the second crate: semantic-release stops after the tag is pushed.
    crates.registry.faults.add({ route: "publish", crate: "rgreet", status: 500, times: Infinity });
    failure = await runRelease(repo.cwd, { repositoryUrl: PUBLIC_URL, plugins, env }).then(
      () => undefined,
      (error: { message?: string; output?: string }) => error,
    );
    crates.registry.faults.clear();
    interrupted = await readDist(repo.cwd, failure?.output);
    job = await cloneAt(repo, "v0.2.0");
  });
  afterAll(async () => {
    await github?.stop();
    await crates?.stop();
    if (repo) await removeRepo(repo);
  });

  it("the interrupted release pushed v0.2.0 and one crate, and made no GitHub release", async () => {
    expect(failure?.output).toContain("ECRATESPUBLISH");
    expect(await remoteTags(repo.remote)).toContain("v0.2.0");
    expect(crates.registry.crates().map((c) => `${c.name}@${c.vers}`)).toEqual(["rgreet-core@0.2.0"]);
    expect(releaseOf(github).release).toBeUndefined();
  });

  it("refuses bad input with exit code 2 and does nothing", async () => {
    const before = await snapshot();

    const unknown = await resume(job, "--tag", "v9.9.9");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("ERESUMEUNKNOWNTAG");

    await git(job, "checkout", "-q", "v0.1.0");
    const elsewhere = await resume(job, "--tag", "v0.2.0");
    await git(job, "checkout", "-q", "v0.2.0");
    expect(elsewhere.code).toBe(2);
    expect(elsewhere.stderr).toContain("check out v0.2.0 first");

    // A tag made by hand on the release commit: Cargo says 0.2.0, the tag 0.2.1.
    await git(job, "tag", "v0.2.1");
    const mismatch = await resume(job, "--tag", "v0.2.1");
    await git(job, "tag", "-d", "v0.2.1");
    expect(mismatch.code).toBe(2);
    expect(mismatch.stderr).toContain("ERESUMEVERSION");
    expect(mismatch.stderr).toContain("Cargo says 0.2.0, but v0.2.1 is version 0.2.1");

    await git(job, "tag", "release-0.2.0");
    const format = await resume(job, "--tag", "release-0.2.0");
    await git(job, "tag", "-d", "release-0.2.0");
    expect(format.code).toBe(2);
    expect(format.stderr).toContain("ERESUMETAGFORMAT");

    const noTag = await resume(job);
    expect(noTag.code).toBe(2);
    expect(noTag.stderr).toContain("--tag is required");

    expect(await snapshot()).toEqual(before);
    expect(existsSync(join(job, "dist"))).toBe(false);
  });

  it("a step that fails stops the run with exit code 1, its error code and message", async () => {
    const before = await snapshot();
    const denied = await resumeCli(job, ["--tag", "v0.2.0"], { ...env, GH_TOKEN: "ghp_revoked" });
    expect(denied.code).toBe(1);
    expect(denied.stderr).toContain("verifyConditions of semantic-release-rust/github failed");
    expect(denied.stderr).toMatch(/^ {2}E[A-Z]+ \S/m);
    expect(denied.stdout).not.toContain("run publish");
    expect(crates.registry.publishAttempts.length).toBe(before.publishAttempts);
    expect(existsSync(join(job, "dist"))).toBe(false);
  });

  it("--dry-run prints every step it would run and does nothing", async () => {
    const before = await snapshot();
    const dry = await resume(job, "--tag", "v0.2.0", "--dry-run");
    expect(dry.code).toBe(0);
    const lines = dry.stdout.split("\n");
    expect(lines).toContain("would run verifyConditions semantic-release-rust");
    expect(lines).toContain(
      "would run prepare semantic-release-rust/binaries (dist/manifest.json missing: rebuild from the tag)",
    );
    expect(lines).toContain("would run publish semantic-release-rust/crates");
    expect(lines).toContain("would run publish semantic-release-rust/github");
    expect(lines).toContain("would run success semantic-release-rust/github");
    expect(dry.stdout).not.toContain("prepare semantic-release-rust/crates");
    expect(dry.stdout).not.toMatch(/prepare semantic-release-rust\n/);
    expect(await snapshot()).toEqual(before);
  });

  it("rebuilds dist/ from the tag, publishes the missing crate and the GitHub release with every asset", async () => {
    const done = await resume(job, "--tag", "v0.2.0");
    expect(done.stderr).not.toContain("failed");
    expect(done.code).toBe(0);
    const lines = done.stdout.split("\n");
    expect(lines).toContain("run verifyConditions semantic-release-rust/github");
    expect(lines.some((l) => l.startsWith("run prepare semantic-release-rust/binaries"))).toBe(true);
    expect(done.stdout).toContain("rgreet-core@0.2.0 is already in registry `local`; skipped");
    expect(done.stdout).toContain(
      `semantic-release-rust/crates: Crates (registry \`local\`) ${crates.registry.baseUrl}/crates/rgreet/0.2.0`,
    );
    expect(done.stdout).toMatch(/semantic-release-rust\/github: GitHub release http\S+\/v0\.2\.0/);
    expect(done.stdout).not.toContain(github.standIn.token);
    expect(done.stdout).not.toContain(crates.registry.token);

    expect(crates.registry.crates().map((c) => `${c.name}@${c.vers}`)).toEqual([
      "rgreet-core@0.2.0",
      "rgreet@0.2.0",
    ]);
    const rebuilt = await readDist(job);
    const { release, assets } = releaseOf(github);
    expect(release?.draft).toBe(false);
    expect(assets).toEqual(releaseFiles(rebuilt));
    // The archives rebuilt from the tag are the ones the interrupted run built.
    expect(releaseFiles(rebuilt)).toEqual(releaseFiles(interrupted));
    // Resume never bumps: the clone still holds exactly the tag's files.
    expect(await git(job, "status", "--porcelain")).toBe("");
  });

  it("a second resume finds everything there: no upload, no publish, nothing rebuilt", async () => {
    const uploads = github.standIn.state.uploadCount();
    const publishAttempts = crates.registry.publishAttempts.length;
    const before = releaseOf(github);
    const again = await resume(job, "--tag", "v0.2.0");
    expect(again.code).toBe(0);
    expect(again.stdout.split("\n")).toContain(
      "skip prepare semantic-release-rust/binaries (dist/manifest.json already holds 0.2.0)",
    );
    expect(again.stdout).toContain("Release notes: the GitHub release");
    expect(github.standIn.state.uploadCount()).toBe(uploads);
    expect(crates.registry.publishAttempts.length).toBe(publishAttempts);
    expect(releaseOf(github)).toEqual(before);
  });
});

describe("resume after GitHub dropped every upload: the release semantic-release made gets its assets", () => {
  let repo: TestRepo;
  let github: GitHubDemo;
  let crates: CratesSandbox;
  /** A local OCI registry when Debian's docker-registry is installed (the image is rebuilt and pushed again). */
  let docker: DockerDemo | undefined;
  let env: Record<string, string>;
  let job: string;
  let failure: { output?: string } | undefined;
  let interrupted: DistManifest;
  let image: string[] = [];
  let body: string | null | undefined;

  beforeAll(async () => {
    github = await startGitHubDemo();
    crates = await startDemoCratesRegistry();
    docker = hasDockerRegistry() ? await startDockerDemo() : undefined;
    repo = await initExamplesRepo({ publicUrl: PUBLIC_URL });
    // @semantic-release/github creates the release; ours uploads, with few retries so the outage outlasts them.
    const [upstream] = github.plugins;
    const plugins = releasePlugins([
      "semantic-release-rust/binaries",
      ["semantic-release-rust/crates", crates.pluginConfig],
      ...(docker ? [docker.plugin] : []),
      upstream,
      ["semantic-release-rust/github", { retries: 1 }],
    ]);
    await commitReleaseConfig(repo, plugins);
    env = { ...gitEnv, CARGO_TARGET_DIR: sharedTargetDir, ...github.env, ...crates.env, ...docker?.env };

    github.standIn.faults.add({ kind: "drop", on: "upload", times: Infinity });
    failure = await runRelease(repo.cwd, { repositoryUrl: PUBLIC_URL, plugins, env }).then(
      () => undefined,
      (error: { output?: string }) => error,
    );
    github.standIn.faults.clear();
    interrupted = await readDist(repo.cwd, failure?.output);
    image = docker ? await docker.summary(["0.2.0"]) : [];
    body = releaseOf(github).release?.body;
    job = await cloneAt(repo, "v0.2.0");
  });
  afterAll(async () => {
    await github?.stop();
    await crates?.stop();
    await docker?.stop();
    if (repo) await removeRepo(repo);
  });

  it("the interrupted release published the crates and an empty GitHub release", () => {
    expect(failure).toBeDefined();
    expect(crates.registry.crates().map((c) => `${c.name}@${c.vers}`)).toEqual([
      "rgreet-core@0.2.0",
      "rgreet@0.2.0",
    ]);
    expect(releaseOf(github).assets).toEqual({});
    expect(body).toContain("greet in more languages");
    if (docker) expect(image[0]).toMatch(/sha256:[0-9a-f]{64}/);
  });

  it("resume rebuilds dist/ (and the image) from the tag and completes the same release", async () => {
    const publishAttempts = crates.registry.publishAttempts.length;
    const done = await resumeCli(job, ["--tag", "v0.2.0"], env);
    expect(done.stderr).not.toContain("failed");
    expect(done.code).toBe(0);
    expect(done.stdout).toContain("Release notes: the GitHub release");
    if (docker) {
      expect(done.stdout).toContain(
        "run prepare semantic-release-rust/docker (no image for 0.2.0 in dist/oci)",
      );
      // Rebuilt from the tag, the image is the one already pushed: its tag does not move.
      expect(await docker.summary(["0.2.0"])).toEqual(image);
    }
    expect(crates.registry.publishAttempts.length).toBe(publishAttempts);

    const rebuilt = await readDist(job);
    expect(releaseFiles(rebuilt)).toEqual(releaseFiles(interrupted));
    const { release, assets, incomplete } = releaseOf(github);
    expect(assets).toEqual(releaseFiles(rebuilt));
    expect(incomplete).toBe(0);
    expect(release?.draft).toBe(false);
    expect(release?.body).toBe(body);
    // One release for the tag: the one semantic-release made.
    expect(
      github.standIn.state.releasesOf("example", "rgreet").filter((r) => r.tag_name === "v0.2.0"),
    ).toHaveLength(1);
  });

  it("a second resume uploads and pushes nothing", async () => {
    const uploads = github.standIn.state.uploadCount();
    const before = releaseOf(github);
    const again = await resumeCli(job, ["--tag", "v0.2.0"], env);
    expect(again.code).toBe(0);
    if (docker) expect(again.stdout).toContain("skip prepare semantic-release-rust/docker");
    expect(github.standIn.state.uploadCount()).toBe(uploads);
    expect(releaseOf(github)).toEqual(before);
    if (docker) expect(await docker.summary(["0.2.0"])).toEqual(image);
  });
});
