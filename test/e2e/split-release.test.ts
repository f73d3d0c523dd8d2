import { appendFile, cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DistManifest } from "../../src/manifest/dist-manifest.js";
import { exec } from "../../src/util/exec.js";
import { ARM64, debianCrossEnv, hasDebianCross, HOST, runArm64 } from "../helpers/cross-toolchain.js";
import {
  git,
  gitCommit,
  gitEnv,
  initExamplesRepo,
  remoteTags,
  removeRepo,
  type TestRepo,
} from "../helpers/git-utils.js";
import { cloneAt, PUBLIC_URL, readDist, releaseFiles, releaseOf } from "../helpers/resume-release.js";
import { repoRoot } from "../helpers/paths.js";
import { runRelease } from "../helpers/run-release.js";
import { startDemoCratesRegistry, type CratesSandbox } from "../stand-ins/crates-env.js";
import { startGitHubDemo, type GitHubDemo } from "../stand-ins/github-demo.js";
import { hasDockerRegistry, startDockerDemo, type DockerDemo } from "../stand-ins/oci-demo.js";

const cli = join(repoRoot, "dist/src/cli.js");

/**
 * A team's split release of examples/: the commit analysis, the notes, a CHANGELOG entry, the Cargo bump, both
 * committed back, then binaries for two Linux targets, crates, a two-platform image and the GitHub release.
 */
const splitPlugins = (crates: CratesSandbox, docker: DockerDemo, github: GitHubDemo): unknown[] => [
  "@semantic-release/commit-analyzer",
  "@semantic-release/release-notes-generator",
  ["@semantic-release/exec", { prepareCmd: 'printf "## ${nextRelease.version}\\n\\n" >> CHANGELOG.md' }],
  "semantic-release-rust",
  [
    "@semantic-release/git",
    {
      assets: ["Cargo.toml", "Cargo.lock", "crates/*/Cargo.toml", "CHANGELOG.md"],
      message: "chore(release): ${nextRelease.version} [skip ci]",
    },
  ],
  ["semantic-release-rust/binaries", { targets: [HOST, ARM64] }],
  ["semantic-release-rust/crates", crates.pluginConfig],
  docker.plugin,
  ...github.plugins,
];

describe.runIf(hasDebianCross() && hasDockerRegistry())(
  "split release: semantic-release tags and drafts, build --tag per target, finish publishes",
  () => {
    let repo: TestRepo;
    let github: GitHubDemo;
    let crates: CratesSandbox;
    let docker: DockerDemo;
    let env: Record<string, string>;
    /** Where the build jobs' folders are downloaded, one folder per release: `{artifacts}/{tag}/{target}`. */
    let artifacts: string;
    const commits: Record<string, string> = {};

    const run = (cwd: string, ...args: string[]) =>
      exec(process.execPath, [cli, ...args], { cwd, env: { ...process.env, ...env }, reject: false });
    /** One build job: a fresh clone at the tag, `build --tag` into its own folder. */
    const buildJob = async (tag: string, target: string) => {
      const job = await cloneAt(repo, tag, `job-${tag}-${target}`);
      const r = await run(
        job,
        "build",
        "--tag",
        tag,
        "--target",
        target,
        "--dist",
        join(artifacts, tag, target),
      );
      expect(r.stderr).toContain(`${target} built in`);
      expect(r.code).toBe(0);
    };
    let finishes = 0;
    /** The finish job: a fresh clone at the tag, the jobs' folders downloaded into `from`. */
    const finish = async (tag: string, from = join(artifacts, tag)) => {
      const job = await cloneAt(repo, tag, `finish-${++finishes}`);
      return { job, ...(await run(job, "finish", "--tag", tag, "--from", from)) };
    };
    /** What is published: crates, GitHub uploads and releases, image tags. */
    const published = async () => ({
      crates: crates.registry.crates().map((c) => `${c.name}@${c.vers}`),
      uploads: github.standIn.state.uploadCount(),
      releases: github.standIn.state
        .releasesOf("example", "rgreet")
        .map((r) => `${r.tag_name} ${r.draft ? "draft" : "public"}`),
      images: await docker.summary(["0.2.0", "0.2", "0.3.0", "0.3", "0", "latest"]),
    });
    const splitRelease = async () => {
      const { result, output } = await runRelease(repo.cwd, {
        repositoryUrl: PUBLIC_URL,
        plugins: splitPlugins(crates, docker, github),
        env,
      });
      if (!result) throw new Error(`no release:\n${output}`);
      commits[result.nextRelease.gitTag] = await git(
        repo.remote,
        "rev-parse",
        `${result.nextRelease.gitTag}^{commit}`,
      );
      return { result, output };
    };

    beforeAll(async () => {
      [github, crates, docker] = await Promise.all([
        startGitHubDemo(),
        startDemoCratesRegistry(),
        startDockerDemo(),
      ]);
      repo = await initExamplesRepo({ publicUrl: PUBLIC_URL });
      artifacts = await mkdtemp(join(tmpdir(), "srr-split-artifacts-"));
      // rustRelease is a global option: every plugin gets it (semantic-release reads this file too).
      const config = { branches: ["main"], repositoryUrl: PUBLIC_URL, rustRelease: "split" };
      await writeFile(
        join(repo.cwd, ".releaserc.json"),
        `${JSON.stringify({ ...config, plugins: splitPlugins(crates, docker, github) }, null, 2)}\n`,
      );
      await gitCommit(repo.cwd, "chore: split release configuration");
      await git(repo.cwd, "push", "-q", "origin", "main");
      env = {
        ...(debianCrossEnv({}) as Record<string, string>),
        ...gitEnv,
        ...github.env,
        ...crates.env,
        ...docker.env,
      };
    });
    afterAll(async () => {
      await github?.stop();
      await crates?.stop();
      await docker?.stop();
      if (repo) await removeRepo(repo);
      await rm(artifacts, { recursive: true, force: true });
    });

    it("the semantic-release run bumps, commits, tags and drafts the release; nothing else is published", async () => {
      const { result, output } = await splitRelease();
      expect(result.nextRelease.version).toBe("0.2.0");
      expect(await remoteTags(repo.remote)).toEqual(["v0.1.0", "v0.2.0"]);
      expect(output).toContain("Split release: nothing is built here");
      const { release, assets } = releaseOf(github, "v0.2.0");
      expect(release?.draft).toBe(true);
      expect(assets).toEqual({});
      expect(github.standIn.state.releasesOf("example", "rgreet")).toHaveLength(1);
      expect((await published()).crates).toEqual([]);
      expect(await docker.summary(["0.2.0", "latest"])).toEqual([
        `image ${docker.image}:0.2.0: not found`,
        `image ${docker.image}:latest: not found`,
      ]);
      const changelog = await git(repo.remote, "show", "v0.2.0:CHANGELOG.md");
      expect(changelog).toContain("## 0.2.0");
    });

    it("build --tag refuses a checkout that is not the tag, and changes nothing", async () => {
      const job = await cloneAt(repo, "v0.1.0", "job-wrong");
      const r = await run(job, "build", "--tag", "v0.2.0", "--target", HOST, "--dist", join(job, "out"));
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("EBUILDNOTATTAG");
      expect(await git(job, "status", "--porcelain", "--ignored")).toBe("");
    });

    it("a failed build job (one target missing): finish refuses, nothing is published, the draft stays", async () => {
      await buildJob("v0.2.0", HOST);
      const before = await published();
      const r = await finish("v0.2.0");
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("EFINISHTARGETS");
      expect(r.stderr).toContain(`\`${ARM64}\`: no \`manifest-${ARM64}.json\``);
      expect(await published()).toEqual(before);
      expect(releaseOf(github, "v0.2.0").release?.draft).toBe(true);
    });

    it("builds of another commit and damaged archives are refused before anything is published", async () => {
      await buildJob("v0.2.0", ARM64);
      const before = await published();

      const other = join(artifacts, "other-commit");
      await cp(join(artifacts, "v0.2.0"), other, { recursive: true });
      const fragment = join(other, ARM64, `manifest-${ARM64}.json`);
      const m = JSON.parse(await readFile(fragment, "utf8")) as DistManifest;
      await writeFile(fragment, JSON.stringify({ ...m, gitHead: "1".repeat(40) }));
      const r1 = await finish("v0.2.0", other);
      expect(r1.code).toBe(1);
      expect(r1.stderr).toContain("EFINISHCOMMIT");

      const tampered = join(artifacts, "tampered");
      await cp(join(artifacts, "v0.2.0"), tampered, { recursive: true });
      await appendFile(join(tampered, HOST, `rgreet-v0.2.0-${HOST}.tar.gz`), "x");
      const r2 = await finish("v0.2.0", tampered);
      expect(r2.code).toBe(1);
      expect(r2.stderr).toContain("EFINISHCHECKSUM");
      expect(r2.stderr).toContain(`rgreet-v0.2.0-${HOST}.tar.gz\` does not match its SHA-256`);

      expect(await published()).toEqual(before);
      expect(releaseOf(github, "v0.2.0").release?.draft).toBe(true);
    });

    it("an archive over maxSize: finish stops with EMAXSIZE before publishing anything, the draft stays", async () => {
      const before = await published();
      const writes = github.standIn.state.requests.filter((r) => r.method !== "GET").length;
      // The finish job's checkout, as if the tag's configuration capped the archives at 1 kB (`maxSize`).
      const job = await cloneAt(repo, "v0.2.0", "finish-max-size");
      const rc = JSON.parse(await readFile(join(job, ".releaserc.json"), "utf8")) as { plugins: unknown[] };
      rc.plugins = rc.plugins.map((p) =>
        Array.isArray(p) && p[0] === "semantic-release-rust/binaries"
          ? [p[0], { ...(p[1] as object), maxSize: { archive: "1 kB" } }]
          : p,
      );
      await writeFile(join(job, ".releaserc.json"), JSON.stringify(rc));
      const stopped = await run(job, "finish", "--tag", "v0.2.0", "--from", join(artifacts, "v0.2.0"));
      expect(stopped.code).toBe(1);
      expect(stopped.stderr).toContain(`EMAXSIZE rgreet-v0.2.0-${HOST}.tar.gz`);
      expect(stopped.stderr).toContain(`EMAXSIZE rgreet-v0.2.0-${ARM64}.tar.gz`);
      expect(stopped.stdout).not.toContain("run publish");
      expect(await published()).toEqual(before);
      expect(github.standIn.state.requests.filter((r) => r.method !== "GET").length).toBe(writes);
      const { release, assets } = releaseOf(github, "v0.2.0");
      expect(release?.draft).toBe(true);
      expect(assets).toEqual({});
    });

    it("a newer version released in the meantime: build both targets and finish it", async () => {
      await gitCommit(repo.cwd, "feat: greet in Klingon");
      await git(repo.cwd, "push", "-q", "origin", "main");
      const { result } = await splitRelease();
      expect(result.nextRelease.version).toBe("0.3.0");
      await buildJob("v0.3.0", HOST);
      await buildJob("v0.3.0", ARM64);

      const done = await finish("v0.3.0");
      expect(done.stderr).toBe("");
      expect(done.code).toBe(0);
      // The size gate ran on the collected archives, before anything was published.
      expect(done.stdout).toMatch(/Sizes (against \d+\.\d+\.\d+|\(no previous sizes)/);
      expect(done.stdout).toMatch(new RegExp(`rgreet-v0\\.3\\.0-${HOST}\\.tar\\.gz: \\d`));
      expect(done.stdout).toContain(`rgreet-v0.3.0-${HOST}.tar.gz: bin/rgreet --version prints 0.3.0`);
      expect(done.stdout).toContain("Done: v0.3.0 is released.");

      const now = await published();
      expect(now.crates).toEqual(["rgreet-core@0.3.0", "rgreet@0.3.0"]);
      const { release, assets } = releaseOf(github, "v0.3.0");
      expect(release?.draft).toBe(false);
      const dist = await readDist(done.job);
      expect(dist.gitHead).toBe(commits["v0.3.0"]);
      expect(assets).toEqual(releaseFiles(dist));
      expect(Object.keys(assets).sort()).toEqual(
        [
          "SHA256SUMS",
          `rgreet-v0.3.0-${ARM64}.tar.gz`,
          `rgreet-v0.3.0-${ARM64}.tar.gz.sha256`,
          `rgreet-v0.3.0-${ARM64}.tar.gz.cdx.json`,
          `rgreet-v0.3.0-${HOST}.tar.gz`,
          `rgreet-v0.3.0-${HOST}.tar.gz.sha256`,
          `rgreet-v0.3.0-${HOST}.tar.gz.cdx.json`,
        ].sort(),
      );
      const latest = await fetch(`${github.env.GITHUB_API_URL}/repos/example/rgreet/releases/latest`, {
        headers: { authorization: `token ${github.env.GH_TOKEN}` },
      });
      expect(((await latest.json()) as { tag_name: string }).tag_name).toBe("v0.3.0");
      const images = await docker.summary(["0.3.0", "0.3", "0", "latest"]);
      const digest = /sha256:[0-9a-f]{64}/.exec(images[0] ?? "")?.[0];
      expect(digest).toBeDefined();
      for (const line of images) {
        expect(line).toContain(digest);
        expect(line).toMatch(/\((linux\/amd64, linux\/arm64|linux\/arm64, linux\/amd64)\)$/);
      }
    });

    it("every binary prints the tag's version and commit, and the archives carry the release's CHANGELOG entry", async () => {
      const out = await mkdtemp(join(tmpdir(), "srr-split-extract-"));
      try {
        for (const target of [HOST, ARM64]) {
          const archive = join(artifacts, "v0.3.0", target, `rgreet-v0.3.0-${target}.tar.gz`);
          await exec("tar", ["-xzf", archive, "-C", out]);
          const top = join(out, `rgreet-v0.3.0-${target}`);
          const binary = join(top, "bin", "rgreet");
          const r =
            target === HOST ? await exec(binary, ["--version"]) : await runArm64(binary, ["--version"]);
          expect(r.stdout).toContain("rgreet 0.3.0");
          expect(r.stdout).toContain(`commit: ${commits["v0.3.0"]}`);
          expect(await readFile(join(top, "CHANGELOG.md"), "utf8")).toContain("## 0.3.0");
        }
      } finally {
        await rm(out, { recursive: true, force: true });
      }
    });

    it("a second finish changes nothing", async () => {
      const before = await published();
      const requests = github.standIn.state.requests.filter((r) => r.method !== "GET").length;
      const again = await finish("v0.3.0");
      expect(again.code).toBe(0);
      const job = await cloneAt(repo, "v0.3.0", "finish-dry-run");
      const dry = await run(
        job,
        "finish",
        "--tag",
        "v0.3.0",
        "--from",
        join(artifacts, "v0.3.0"),
        "--dry-run",
      );
      expect(dry.code).toBe(0);
      expect(dry.stdout).toContain(`would copy the builds of ${HOST}, ${ARM64}`);
      expect(dry.stdout).toContain("would run publish semantic-release-rust/github");
      expect(dry.stdout).toContain("Dry run: nothing was run.");
      expect(await git(job, "status", "--porcelain", "--ignored")).toBe("");
      expect(await published()).toEqual(before);
      expect(github.standIn.state.requests.filter((r) => r.method !== "GET").length).toBe(requests);
    });

    it("re-running the failed job then finishing the older version never moves latest backwards", async () => {
      const newer = await docker.summary(["latest", "0"]);
      const done = await finish("v0.2.0");
      expect(done.stderr).toBe("");
      expect(done.code).toBe(0);
      expect(done.stdout).toContain("0.3.0 is already published");

      const now = await published();
      expect(now.crates).toEqual(["rgreet-core@0.3.0", "rgreet@0.3.0", "rgreet-core@0.2.0", "rgreet@0.2.0"]);
      expect(now.releases.sort()).toEqual(["v0.2.0 public", "v0.3.0 public"]);
      // Two archives, their .sha256 and .cdx.json, and SHA256SUMS.
      expect(Object.keys(releaseOf(github, "v0.2.0").assets)).toHaveLength(7);
      const latest = await fetch(`${github.env.GITHUB_API_URL}/repos/example/rgreet/releases/latest`, {
        headers: { authorization: `token ${github.env.GH_TOKEN}` },
      });
      expect(((await latest.json()) as { tag_name: string }).tag_name).toBe("v0.3.0");
      // latest and 0 stay on 0.3.0; 0.2.0 and 0.2 are the older release's own.
      expect(await docker.summary(["latest", "0"])).toEqual(newer);
      const older = await docker.summary(["0.2.0", "0.2"]);
      const digest = /sha256:[0-9a-f]{64}/.exec(older[0] ?? "")?.[0];
      expect(older[1]).toContain(digest);
      expect(newer[0]).not.toContain(digest);
    });
  },
);
