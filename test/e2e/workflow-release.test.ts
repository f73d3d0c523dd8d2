import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exec } from "../../src/util/exec.js";
import {
  ARM64,
  debianCrossEnv,
  fileTargetDir,
  hasDebianCross,
  HOST,
  runArm64,
} from "../helpers/cross-toolchain.js";
import { git, gitCommit, gitEnv, initExamplesRepo, remoteTags, type TestRepo } from "../helpers/git-utils.js";
import { releasePlugins } from "../helpers/release-plugins.js";
import { readWorkflow, substitute, type Workflow } from "../helpers/workflow-file.js";
import { globalPrefix, WorkflowRunner, type JobRun } from "../helpers/workflow-runner.js";
import { startCratesSandbox, type CratesSandbox } from "../stand-ins/crates-env.js";
import { startGitHubStandIn, type GitHubStandIn } from "../stand-ins/github-server.js";
import { hasDockerRegistry, startDockerDemo, type DockerDemo } from "../stand-ins/oci-demo.js";

/**
 * The reusable workflow, run job by job on this machine from `.github/workflows/release-rust.yml` (see
 * test/helpers/workflow-runner.ts): the release job's `npx semantic-release` in split mode makes the tag and a
 * draft, one build job per target of the plan's matrix builds from the tag (the host, and aarch64 with Debian's
 * cross toolchain), the aarch64 job fails once and is re-run, then finish publishes the crates (crates stand-in),
 * the images (the real docker-registry) and the release (GitHub stand-in).
 */

const PUBLIC_URL = "https://github.com/acme/rgreet.git";
/** What the caller's workflow gives (`with:`); every other input keeps the YAML's default. */
const CALLER_INPUTS = { "setup-linux": 'echo "setup done" >> "$RUNNER_TEMP/setup.log"' };

let wf: Workflow;
let gh: GitHubStandIn;
let crates: CratesSandbox;
let docker: DockerDemo;
let repo: TestRepo;
let runner: WorkflowRunner;
let root: string;

const releaseConfig = (image: string) => ({
  branches: ["main"],
  // The repository as the GitHub stand-in publishes it (the test's git remote is a local bare repository).
  repositoryUrl: PUBLIC_URL,
  rustRelease: "split",
  plugins: releasePlugins([
    ["semantic-release-rust/binaries", { targets: [HOST, ARM64] }],
    ["semantic-release-rust/crates", { registry: "local" }],
    ["semantic-release-rust/docker", { images: [image] }],
    "semantic-release-rust/github",
  ]),
});

/** The `.releaserc.json` of the README's quick start: the users' five platforms, crates and images. */
const FIVE_PLATFORMS = {
  branches: ["main"],
  rustRelease: "split",
  plugins: [
    "@semantic-release/commit-analyzer",
    "@semantic-release/release-notes-generator",
    ["@semantic-release/changelog", { changelogFile: "CHANGELOG.md" }],
    ["semantic-release-rust", { changelogFile: "CHANGELOG.md" }],
    [
      "@semantic-release/git",
      { assets: ["CHANGELOG.md", "Cargo.toml", "Cargo.lock", "crates/*/Cargo.toml"] },
    ],
    [
      "semantic-release-rust/binaries",
      {
        targets: [
          { target: "x86_64-unknown-linux-musl", builder: "cargo-zigbuild" },
          { target: "aarch64-unknown-linux-musl", builder: "cargo-zigbuild" },
          "x86_64-apple-darwin",
          "aarch64-apple-darwin",
          "x86_64-pc-windows-msvc",
        ],
        snapshotTargets: ["x86_64-unknown-linux-musl", "aarch64-unknown-linux-musl"],
      },
    ],
    "semantic-release-rust/crates",
    [
      "semantic-release-rust/docker",
      {
        images: ["ghcr.io/acme/rgreet"],
        variants: [{ suffix: "-alpine", baseImage: "alpine:3.20" }],
      },
    ],
    "semantic-release-rust/github",
  ],
};

beforeAll(async () => {
  if (!hasDebianCross() || !hasDockerRegistry()) return;
  wf = await readWorkflow();
  gh = await startGitHubStandIn();
  crates = await startCratesSandbox({ name: "local" });
  docker = await startDockerDemo();
  repo = await initExamplesRepo({ publicUrl: PUBLIC_URL });
  // The team's repository: GitHub as origin (git sends it to the bare remote), the release config committed.
  await git(repo.cwd, "remote", "set-url", "origin", PUBLIC_URL);
  await writeFile(
    join(repo.cwd, ".releaserc.json"),
    `${JSON.stringify(releaseConfig(docker.image), null, 2)}\n`,
  );
  await gitCommit(repo.cwd, "ci: release with the reusable workflow");
  await git(repo.cwd, "push", "-q", "origin", "main");
  root = await mkdtemp(join(repo.base, "runner-"));
  const npm = await globalPrefix(root);
  const machine: NodeJS.ProcessEnv = {
    ...debianCrossEnv(process.env),
    ...gitEnv,
    ...npm.env,
    ...crates.env,
    // The runner: CI, the event, GitHub's API (here the stand-in), git's rewrite of GitHub URLs to the remote.
    CI: "true",
    GITHUB_ACTIONS: "true",
    GITHUB_EVENT_NAME: "push",
    GITHUB_REF: "refs/heads/main",
    GITHUB_REF_NAME: "main",
    GITHUB_REPOSITORY: "acme/rgreet",
    GITHUB_SHA: await git(repo.cwd, "rev-parse", "HEAD"),
    GITHUB_API_URL: gh.apiUrl,
    GIT_CONFIG_COUNT: "1",
    GIT_CONFIG_KEY_0: `url.file://${repo.remote}.insteadOf`,
    GIT_CONFIG_VALUE_0: PUBLIC_URL,
    // Static binaries, runnable in the `FROM scratch` images.
    RUSTFLAGS: "-C target-feature=+crt-static",
    CARGO_TARGET_DIR: fileTargetDir("workflow-release"),
  };
  for (const k of ["GH_TOKEN", "GITHUB_TOKEN", "GITHUB_OUTPUT", "GITHUB_ENV"]) delete machine[k];
  runner = new WorkflowRunner({ workflow: wf, cloneUrl: PUBLIC_URL, root, env: machine });
}, 120_000);

afterAll(async () => {
  await Promise.all([gh?.stop(), crates?.stop(), docker?.stop()]);
  if (repo) await rm(repo.base, { recursive: true, force: true });
});

/** The value of every `${{ }}` expression the jobs use, for a Linux runner called with CALLER_INPUTS. */
function table(release?: JobRun, matrix: Record<string, unknown> = {}): Record<string, string> {
  const t: Record<string, string> = {};
  for (const [name, input] of Object.entries(wf.on.workflow_call?.inputs ?? {})) {
    t[`inputs.${name}`] = String((CALLER_INPUTS as Record<string, string>)[name] ?? input.default ?? "");
  }
  t["inputs.setup-linux != ''"] = String(t["inputs.setup-linux"] !== "");
  for (const [os, input] of [
    ["Linux", "setup-linux"],
    ["macOS", "setup-macos"],
    ["Windows", "setup-windows"],
  ]) {
    t[`runner.os == '${os}' && inputs.${input} != ''`] = String(
      os === "Linux" && t[`inputs.${input}`] !== "",
    );
  }
  t["runner.os == 'Linux'"] = "true";
  t["github.token"] = gh.token;
  t["secrets.RELEASE_TOKEN || github.token"] = gh.token;
  t["secrets.CARGO_REGISTRY_TOKEN"] = crates.registry.token;
  t["secrets.DOCKER_USERNAME"] = docker.env.DOCKER_USERNAME ?? "";
  t["secrets.DOCKER_PASSWORD"] = docker.env.DOCKER_PASSWORD ?? "";
  for (const [k, v] of Object.entries(release?.outputs ?? {})) t[`needs.release.outputs.${k}`] = v;
  for (const [k, v] of Object.entries(matrix)) t[`matrix.${k}`] = String(v);
  const released = release?.outputs.released;
  t["needs.release.outputs.released == 'true'"] = String(released === "true");
  t["needs.release.outputs.released != 'true' && github.event_name == 'push' && inputs.snapshot"] = String(
    released !== "true" && t["inputs.snapshot"] === "true",
  );
  if (release) t["fromJSON(needs.release.outputs.plan).matrix"] = JSON.stringify(plan(release).matrix);
  return t;
}

interface MatrixEntry {
  target: string;
  os: string;
  builder: string;
  artifacts: string[];
}
const plan = (release: JobRun) => JSON.parse(release.outputs.plan ?? "{}") as { matrix: MatrixEntry[] };

/** Whether job `id` runs, from its `if:`. */
const runs = (id: string, t: Record<string, string>): boolean =>
  substitute(`\${{ ${wf.jobs[id]?.if ?? "true"} }}`, { ...t, true: "true" }) === "true";

const expectOk = (run: JobRun) => expect(run.failed, run.failed ? run.log : "").toBeUndefined();
const releases = () => gh.state.releasesOf("acme", "rgreet");
const imageTags = async () =>
  (await docker.summary(["0.2.0", "latest"])).filter((line) => !line.endsWith("not found"));

describe.runIf(hasDebianCross() && hasDockerRegistry())("the reusable workflow, run from its YAML", () => {
  it("release → build per target (one fails, re-run) → finish: one release, draft until finish", async () => {
    // release: the tag, the bump commit and the draft; the plan gives the build matrix.
    const release = await runner.run("release", table());
    expectOk(release);
    expect(release.outputs).toMatchObject({ released: "true", tag: "v0.2.0" });
    expect(await remoteTags(repo.remote)).toEqual(["v0.1.0", "v0.2.0"]);
    const t = table(release);
    const matrix = JSON.parse(
      substitute(String(wf.jobs.build?.strategy?.matrix?.include), t),
    ) as MatrixEntry[];
    expect(matrix.map((m) => [m.target, m.os])).toEqual([
      [HOST, "linux"],
      [ARM64, "linux"],
    ]);
    expect(runs("build", t) && runs("finish", t) && !runs("snapshot", t)).toBe(true);
    const draft = () => releases().filter((r) => r.tag_name === "v0.2.0");
    expect(draft()).toHaveLength(1);
    expect(draft()[0]?.draft).toBe(true);
    expect(gh.state.assetsOf(draft()[0]?.id ?? -1)).toEqual([]);
    expect(crates.registry.crates()).toEqual([]);
    expect(await imageTags()).toEqual([]);

    // build: the host job succeeds; the aarch64 job's runner has a broken linker, so it fails before uploading.
    const [host, arm] = matrix as [MatrixEntry, MatrixEntry];
    expectOk(await runner.run("build", table(release, { ...host })));
    const failed = await runner.run("build", table(release, { ...arm }), {
      env: { CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER: "false" },
    });
    expect(failed.failed?.step).toMatch(/^Build /);
    expect(await readdir(runner.artifacts)).toEqual([`srr-dist-${HOST}`]);
    // finish needs every build job: it does not run. Nothing is published, the release is still a draft.
    expect(draft()).toHaveLength(1);
    expect(draft()[0]?.draft).toBe(true);
    expect(crates.registry.crates()).toEqual([]);
    expect(await imageTags()).toEqual([]);

    // "Re-run failed jobs": the aarch64 job on a fresh runner, then finish.
    expectOk(await runner.run("build", table(release, { ...arm })));
    expect((await readdir(runner.artifacts)).sort()).toEqual([`srr-dist-${ARM64}`, `srr-dist-${HOST}`]);
    const finish = await runner.run("finish", table(release));
    expectOk(finish);

    expect(releases()).toHaveLength(1);
    const published = releases()[0];
    expect(published?.draft, finish.log).toBe(false);
    const assets = gh.state.assetsOf(published?.id ?? -1).map((a) => a.name);
    for (const m of matrix) for (const name of m.artifacts) expect(assets).toContain(name);
    expect(crates.registry.crates().map((c) => `${c.name}@${c.vers}`)).toEqual([
      "rgreet-core@0.2.0",
      "rgreet@0.2.0",
    ]);
    const images = await imageTags();
    expect(images).toHaveLength(2);
    for (const line of images) {
      const platforms = /\(([^)]*)\)$/.exec(line)?.[1]?.split(", ").sort();
      expect(platforms).toEqual(["linux/amd64", "linux/arm64"]);
    }

    // The binaries users download print the tag's version and commit.
    const commit = await git(repo.remote, "rev-list", "-n", "1", "v0.2.0");
    const out = await mkdtemp(join(tmpdir(), "srr-workflow-unpack-"));
    try {
      for (const target of [HOST, ARM64]) {
        const archive = join(runner.artifacts, `srr-dist-${target}`, `rgreet-v0.2.0-${target}.tar.gz`);
        await exec("tar", ["-xzf", archive, "-C", out]);
      }
      const hostRun = await exec(join(out, `rgreet-v0.2.0-${HOST}`, "bin/rgreet"), ["--version"]);
      const armRun = await runArm64(join(out, `rgreet-v0.2.0-${ARM64}`, "bin/rgreet"), ["--version"]);
      for (const printed of [hostRun.stdout, armRun.stdout]) {
        expect(printed).toContain("rgreet 0.2.0");
        expect(printed).toContain(`commit: ${commit}`);
      }
    } finally {
      await rm(out, { recursive: true, force: true });
    }

    // Re-running finish (a second approval, a re-run of the job) changes nothing.
    const uploads = gh.state.uploadCount();
    const writes = gh.state.requests.filter((r) => r.method !== "GET").length;
    expectOk(await runner.run("finish", table(release)));
    expect(gh.state.uploadCount()).toBe(uploads);
    expect(gh.state.requests.filter((r) => r.method !== "GET").length).toBe(writes);
    expect(crates.registry.crates()).toHaveLength(2);
    expect(releases()).toHaveLength(1);
  }, 1_200_000);

  it("on a Linux runner, the plan step gives the five platforms' matrix, each target on its runner", async () => {
    const other = await initExamplesRepo({ publicUrl: "https://github.com/acme/five.git" });
    try {
      await git(other.cwd, "remote", "set-url", "origin", "https://github.com/acme/five.git");
      await writeFile(join(other.cwd, ".releaserc.json"), `${JSON.stringify(FIVE_PLATFORMS, null, 2)}\n`);
      await gitCommit(other.cwd, "ci: five platforms");
      await git(other.cwd, "push", "-q", "origin", "main");
      const planner = new WorkflowRunner({
        workflow: wf,
        cloneUrl: "https://github.com/acme/five.git",
        root: await mkdtemp(join(other.base, "runner-")),
        env: {
          ...runner.env,
          GIT_CONFIG_KEY_0: `url.file://${other.remote}.insteadOf`,
          GIT_CONFIG_VALUE_0: "https://github.com/acme/five.git",
        },
      });
      const release = await planner.run("release", table(), { until: "plan" });
      expectOk(release);
      const entries = plan(release).matrix;
      const runners = JSON.parse(table()["inputs.runners"] ?? "{}") as Record<string, string>;
      const fallback = JSON.parse(
        /fromJSON\('([^']+)'\)/.exec(String(wf.jobs.build?.["runs-on"]))?.[1] ?? "{}",
      ) as Record<string, string>;
      const on = (m: MatrixEntry) => runners[m.target] ?? runners[m.os] ?? fallback[m.os];
      expect(entries.map((m) => [m.target, m.os, m.builder, on(m)])).toEqual([
        ["x86_64-unknown-linux-musl", "linux", "cargo-zigbuild", "ubuntu-latest"],
        ["aarch64-unknown-linux-musl", "linux", "cargo-zigbuild", "ubuntu-latest"],
        ["x86_64-apple-darwin", "macos", "auto", "macos-15"],
        ["aarch64-apple-darwin", "macos", "auto", "macos-15"],
        ["x86_64-pc-windows-msvc", "windows", "auto", "windows-latest"],
      ]);
      for (const m of entries)
        expect(m.artifacts).toContain(`rgreet-v0.2.0-${m.target}.${m.os === "windows" ? "zip" : "tar.gz"}`);
    } finally {
      await rm(other.base, { recursive: true, force: true });
    }
  });
});
