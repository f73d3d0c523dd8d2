import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateNotes, prepare } from "../../src/binaries/index.js";
import { buildCommand } from "../../src/cli/build.js";
import { setVersion } from "../../src/cargo/set-version.js";
import type { DistManifest } from "../../src/manifest/dist-manifest.js";
import { exec } from "../../src/util/exec.js";
import { errorCodes, rejection, testContext } from "../helpers/context.js";
import {
  ARM64,
  debianCrossEnv,
  hasDebianCross,
  runArm64,
  fileTargetDir,
  HOST,
} from "../helpers/cross-toolchain.js";
import { copyExamples, gitCommit, gitRepo, removeRepo, type TestRepo } from "../helpers/git-utils.js";
import { captureStream } from "../helpers/run-release.js";
import { examplesCopy } from "../helpers/fixtures.js";
import { repoRoot } from "../helpers/paths.js";

const targetDir = fileTargetDir("binaries-matrix");

const VERSION = "0.2.0";
const release = { version: VERSION, gitTag: `v${VERSION}` };
const binaries = { targets: [HOST, ARM64] };

let repo: TestRepo;
let env: NodeJS.ProcessEnv;
let jobs: string;

/** Runs `semantic-release-rust build ...` the way the CLI does; returns the exit code and both outputs. */
async function cli(...args: string[]) {
  const stdout = captureStream();
  const stderr = captureStream();
  const code = await buildCommand.run(args, { stdout, stderr, env, cwd: repo.cwd });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

beforeAll(async () => {
  repo = await gitRepo();
  await copyExamples(repo.cwd);
  const releaserc = {
    branches: ["main"],
    // `build --version` is for teams that never commit versions: the release commit is the one the jobs build.
    plugins: [
      ["semantic-release-rust", { placeholderVersion: "0.1.0" }],
      ["semantic-release-rust/binaries", binaries],
    ],
  };
  await writeFile(join(repo.cwd, ".releaserc.json"), JSON.stringify(releaserc, null, 2));
  await gitCommit(repo.cwd, "feat: initial import");
  env = debianCrossEnv({ ...process.env, CARGO_TARGET_DIR: targetDir });
  jobs = await mkdtemp(join(tmpdir(), "srr-jobs-"));
});
afterAll(async () => {
  await removeRepo(repo);
  await rm(jobs, { recursive: true, force: true });
});

describe("semantic-release-rust build: bad input", () => {
  it.each([
    [["--version", VERSION], "--target is required"],
    [["--target", HOST, "--version", "two"], "--version must be a semantic version"],
    [["--target", HOST, "--version", VERSION, "--builder", "make"], "unknown builder make"],
    [["--target", HOST, "--version", VERSION, "--jobs", "2"], "unknown option --jobs"],
  ])("exits 2 with one reason for %j", async (args, reason) => {
    const r = await cli(...args);
    expect(r.code).toBe(2);
    expect(r.stderr.split("\n")[0]).toContain(reason);
    expect(r.stdout).toBe("");
  });

  it("exits 2 for an unknown triple before touching the manifests", async () => {
    const before = await readFile(join(repo.cwd, "Cargo.toml"), "utf8");
    const r = await cli("--target", "sparc64-unknown-nowhere", "--version", VERSION);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain("EUNKNOWNTARGET");
    expect(await readFile(join(repo.cwd, "Cargo.toml"), "utf8")).toBe(before);
  });

  it("exits 1 with ENOGITCOMMIT and what to do outside a git checkout, before touching the manifests", async () => {
    const plain = await examplesCopy();
    try {
      const before = await readFile(join(plain, "Cargo.toml"), "utf8");
      const stdout = captureStream();
      const stderr = captureStream();
      const code = await buildCommand.run(["--cwd", plain, "--target", HOST, "--version", VERSION], {
        stdout,
        stderr,
        env: { ...env, GIT_CEILING_DIRECTORIES: tmpdir() },
        cwd: repo.cwd,
      });
      expect(code).toBe(1);
      expect(stderr.text().split("\n")[0]).toBe(
        `semantic-release-rust build: ENOGITCOMMIT No git commit to build from in ${plain}.`,
      );
      expect(stderr.text()).toContain("check out the repository before `semantic-release-rust build`");
      expect(stdout.text()).toBe("");
      expect(await readFile(join(plain, "Cargo.toml"), "utf8")).toBe(before);
    } finally {
      await rm(plain, { recursive: true, force: true });
    }
  });
});

describe.runIf(hasDebianCross())("matrix split: one job per target, then the release job collects", () => {
  it("builds each target in its own job into a dist folder with a manifest fragment", async () => {
    for (const [target, dir] of [
      [ARM64, "arm64"],
      [HOST, "amd64"],
    ] as const) {
      const r = await cli("--target", target, "--version", VERSION, "--dist", join(jobs, dir));
      expect(r.stderr).toContain(`[1/1] ${target} built in`);
      expect(r.code).toBe(0);
      const fragment = JSON.parse(
        await readFile(join(jobs, dir, `manifest-${target}.json`), "utf8"),
      ) as DistManifest;
      expect(fragment.schemaVersion).toBe(1);
      expect(fragment.version).toBe(VERSION);
      expect(fragment.artifacts.filter((a) => a.kind === "archive").map((a) => a.path)).toEqual([
        `rgreet-v${VERSION}-${target}.tar.gz`,
      ]);
      const check = await exec("sha256sum", ["-c", `rgreet-v${VERSION}-${target}.tar.gz.sha256`], {
        cwd: join(jobs, dir),
      });
      expect(check.stdout).toContain(": OK");
    }
    // The version was set in the checkout, and the arm64 binary carries it.
    expect(await readFile(join(repo.cwd, "Cargo.toml"), "utf8")).toContain(`version = "${VERSION}"`);
    const arm = await runArm64(join(jobs, "arm64", "bin", ARM64, "rgreet"), ["--version"]);
    expect(arm.stdout).toContain(`rgreet ${VERSION}`);
  });

  it("collects the jobs' files in prepare without building, and writes SHA256SUMS and manifest.json", async () => {
    const ctx = testContext(repo.cwd, { env, nextRelease: release });
    // Notes come before prepare: they already carry the jobs' checksums.
    const notes = await generateNotes({ ...binaries, prebuilt: jobs }, ctx);
    const fragment = JSON.parse(
      await readFile(join(jobs, "arm64", `manifest-${ARM64}.json`), "utf8"),
    ) as DistManifest;
    const armArchive = fragment.artifacts.find((a) => a.kind === "archive");
    expect(notes).toContain(`| \`${armArchive?.path}\` | \`${ARM64}\` |`);
    expect(notes).toContain(`\`${armArchive?.sha256}\``);
    await prepare({ ...binaries, prebuilt: jobs }, ctx);
    expect(ctx.lines.some((l) => l.startsWith("Building "))).toBe(false);
    const dist = join(repo.cwd, "dist");
    const manifest = JSON.parse(await readFile(join(dist, "manifest.json"), "utf8")) as DistManifest;
    expect(manifest.version).toBe(VERSION);
    expect(
      manifest.artifacts
        .filter((a) => a.kind === "archive")
        .map((a) => a.target)
        .sort(),
    ).toEqual([ARM64, HOST].sort());
    expect(manifest.artifacts.filter((a) => a.kind === "binary")).toHaveLength(2);
    const check = await exec("sha256sum", ["-c", "SHA256SUMS"], { cwd: dist });
    expect(check.stdout.trim().split("\n")).toHaveLength(2);
    expect((await readdir(join(dist, "bin"))).sort()).toEqual([ARM64, HOST].sort());
  });

  it("fails prepare with EPREBUILTCOMMIT when the release commit is not the one the jobs built", async () => {
    const other = await gitCommit(repo.cwd, "chore: a commit the jobs did not build");
    try {
      const ctx = testContext(repo.cwd, { env, nextRelease: release });
      const error = await rejection(prepare({ ...binaries, prebuilt: jobs, distDir: "dist-other" }, ctx));
      expect(errorCodes(error)).toEqual(["EPREBUILTCOMMIT"]);
      expect((error as { details: string }).details).toContain(`not ${other.slice(0, 12)}`);
      await expect(readdir(join(repo.cwd, "dist-other"))).rejects.toThrow();
    } finally {
      await exec("git", ["reset", "-q", "HEAD~1"], { cwd: repo.cwd });
    }
  });

  it("fails prepare with EPREBUILTMISSING listing the targets no job delivered", async () => {
    const targets = [...binaries.targets, "x86_64-unknown-linux-musl"];
    const ctx = testContext(repo.cwd, { env, nextRelease: release });
    const error = await rejection(prepare({ targets, prebuilt: jobs, distDir: "dist-partial" }, ctx));
    expect(errorCodes(error)).toEqual(["EPREBUILTMISSING"]);
    const details = (error as { details: string }).details;
    expect(details).toContain("`x86_64-unknown-linux-musl`: no `manifest-x86_64-unknown-linux-musl.json`");
    expect(details).not.toContain(ARM64);
    await expect(readdir(join(repo.cwd, "dist-partial"))).rejects.toThrow();
  });

  it("takes the workspace from --cwd and resolves --dist from where it runs", async () => {
    const elsewhere = await mkdtemp(join(tmpdir(), "srr-elsewhere-"));
    try {
      const stdout = captureStream();
      const stderr = captureStream();
      const args = ["--cwd", repo.cwd, "--target", HOST, "--version", VERSION, "--dist", "out"];
      const code = await buildCommand.run(args, { stdout, stderr, env, cwd: elsewhere });
      expect(code).toBe(0);
      const out = join(elsewhere, "out");
      const printed = stdout.text().trim().split("\n");
      expect(printed).toContain(join(out, `rgreet-v${VERSION}-${HOST}.tar.gz`));
      expect(printed.at(-1)).toBe(join(out, `manifest-${HOST}.json`));
      for (const file of printed) await readFile(file);
      const check = await exec("sha256sum", ["-c", `rgreet-v${VERSION}-${HOST}.tar.gz.sha256`], { cwd: out });
      expect(check.stdout).toBe(`rgreet-v${VERSION}-${HOST}.tar.gz: OK\n`);
    } finally {
      await rm(elsewhere, { recursive: true, force: true });
    }
  });

  it("runs as the installed `semantic-release-rust build` command", async () => {
    const out = await mkdtemp(join(tmpdir(), "srr-bin-out-"));
    try {
      const cli = join(repoRoot, "dist/src/cli.js");
      const args = [cli, "build", "--target", HOST, "--version", VERSION, "--cwd", repo.cwd, "--dist", out];
      const r = await exec(process.execPath, args, { cwd: tmpdir(), env, reject: false });
      expect(r.code).toBe(0);
      expect(r.stderr).toContain(`[1/1] ${HOST} built in`);
      expect(r.stdout.trim().split("\n").at(-1)).toBe(join(out, `manifest-${HOST}.json`));
      const check = await exec("sha256sum", ["-c", `rgreet-v${VERSION}-${HOST}.tar.gz.sha256`], { cwd: out });
      expect(check.stdout).toBe(`rgreet-v${VERSION}-${HOST}.tar.gz: OK\n`);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });

  it("refuses a job built for another version, naming what it was built for", async () => {
    const stale = await mkdtemp(join(tmpdir(), "srr-stale-jobs-"));
    try {
      await cp(jobs, stale, { recursive: true });
      await rm(join(stale, "arm64"), { recursive: true, force: true });
      const r = await cli("--target", ARM64, "--version", "0.1.9", "--dist", join(stale, "arm64-old"));
      expect(r.code).toBe(0);
      await setVersion({ cwd: repo.cwd, env, manifestPath: "Cargo.toml", version: VERSION });
      const ctx = testContext(repo.cwd, { env, nextRelease: release });
      const error = await rejection(prepare({ ...binaries, prebuilt: stale, distDir: "dist-stale" }, ctx));
      expect(errorCodes(error)).toEqual(["EPREBUILTMISSING"]);
      expect((error as { details: string }).details).toContain(
        `\`${ARM64}\`: built for 0.1.9, not ${VERSION}`,
      );
      await expect(readdir(join(repo.cwd, "dist-stale"))).rejects.toThrow();
    } finally {
      await rm(stale, { recursive: true, force: true });
    }
  });
});
