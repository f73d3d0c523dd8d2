import { spawn } from "node:child_process";
import { watch } from "node:fs";
import { mkdir, open, readdir, readFile, rename, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUMP_JOURNAL, bumpJournalPath } from "../../src/cargo/bump-journal.js";
import { computeVersionPlan } from "../../src/cargo/set-version.js";
import { loadWorkspace } from "../../src/cargo/workspace.js";
import { buildCommand } from "../../src/cli/build.js";
import { setVersionCommand } from "../../src/cli/set-version.js";
import type { Command } from "../../src/cli/command.js";
import { prepare } from "../../src/cargo/prepare.js";
import { verifyConditions } from "../../src/cargo/verify.js";
import { isTempName, sha256, type WriteFs } from "../../src/util/atomic-write.js";
import { atomicWriteAll } from "../../src/util/write-journal.js";
import { exec } from "../../src/util/exec.js";
import { errorCodes, rejection, testContext } from "../helpers/context.js";
import { debianCrossEnv, fileTargetDir, HOST } from "../helpers/cross-toolchain.js";
import { treeHashes } from "../helpers/fixtures.js";
import { copyExamples, gitEnv } from "../helpers/git-utils.js";
import { repoRoot } from "../helpers/paths.js";
import { captureStream } from "../helpers/run-release.js";

const cli = join(repoRoot, "dist/src/cli.js");
const KILLS = 50;
const VERSIONS = ["0.2.0", "0.3.0"] as const;
/** The files of a bump: the root manifest, two members requiring rgreet-core by version, and Cargo.lock. */
const BUMPED = ["Cargo.toml", "crates/rgreet/Cargo.toml", "crates/rgreet-fmt/Cargo.toml", "Cargo.lock"];

/** The repositories: one per kill loop (the loops run at the same time: two builds and set-version). */
const NAMES = ["set-version", "build-a", "build-b"] as const;
type Name = (typeof NAMES)[number];
const cwdOf = (name: Name) => join(tmpdir(), "srr-crash-safety", name);
let base: NodeJS.ProcessEnv;
const dist = (cwd: string) => join(cwd, "dist");
/**
 * One cargo target dir per repository and version: switching versions rebuilds nothing, and since the repository
 * path, its files' mtimes and its commit are the same on every run, the dirs stay warm from one run to the next.
 */
const envFor = (cwd: string, version: string): NodeJS.ProcessEnv => ({
  ...base,
  CARGO_TARGET_DIR: `${fileTargetDir("crash-safety")}-${basename(cwd)}-${version}`,
});
const FIXED_TIME = new Date("2026-01-01T00:00:00Z");

/** Sets the mtime of every file under `dir` (but .git) to `FIXED_TIME`, so cargo finds its builds fresh. */
async function fixTimes(dir: string): Promise<void> {
  for (const e of await readdir(dir, { withFileTypes: true })) {
    if (e.name === ".git") continue;
    const path = join(dir, e.name);
    if (e.isDirectory()) await fixTimes(path);
    await utimes(path, FIXED_TIME, FIXED_TIME);
  }
}

/** examples/ with a third member (so a bump renames four files), committed the same way on every run. */
async function workspaceRepo(cwd: string): Promise<void> {
  await rm(cwd, { recursive: true, force: true });
  await mkdir(cwd, { recursive: true });
  await copyExamples(cwd);
  await mkdir(join(cwd, "crates/rgreet-fmt/src"), { recursive: true });
  await writeFile(
    join(cwd, "crates/rgreet-fmt/Cargo.toml"),
    `[package]\nname = "rgreet-fmt"\nversion.workspace = true\nedition.workspace = true\nlicense.workspace = true\npublish = false\n\n[dependencies]\nrgreet-core = { path = "../rgreet-core", version = "0.1.0" }\n`,
  );
  await writeFile(join(cwd, "crates/rgreet-fmt/src/lib.rs"), "pub use rgreet_core;\n");
  const root = await readFile(join(cwd, "Cargo.toml"), "utf8");
  await writeFile(
    join(cwd, "Cargo.toml"),
    root.replace('"crates/rgreet"]', '"crates/rgreet", "crates/rgreet-fmt"]'),
  );
  const releaserc = {
    branches: ["main"],
    // `build --version` is the placeholderVersion setup's (the split release builds from the tag).
    plugins: [["semantic-release-rust", { placeholderVersion: "0.0.0" }], "semantic-release-rust/binaries"],
  };
  await writeFile(join(cwd, ".releaserc.json"), JSON.stringify(releaserc, null, 2));
  await exec(base.CARGO ?? "cargo", ["metadata", "--offline", "--format-version", "1"], { cwd, env: base });
  await fixTimes(cwd);
  // A fixed date gives the same commit (so the same GIT_COMMIT_SHA and SOURCE_DATE_EPOCH in the build) each run.
  const date = FIXED_TIME.toISOString();
  const env = { ...base, ...gitEnv, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date };
  await exec("git", ["init", "-q", "-b", "main"], { cwd, env });
  await exec("git", ["add", "-A"], { cwd, env });
  await exec("git", ["commit", "-q", "--no-gpg-sign", "-m", "feat: initial import"], { cwd, env });
}

beforeAll(async () => {
  base = debianCrossEnv({ ...process.env });
  await Promise.all(NAMES.map((n) => workspaceRepo(cwdOf(n))));
});
afterAll(async () => {
  await Promise.all(NAMES.map((n) => rm(cwdOf(n), { recursive: true, force: true })));
});

/** Temp files and bump journals anywhere in the repository (git's own folders and build output aside). */
async function leftovers(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) {
      if (!["objects", "refs", "logs", "target"].includes(e.name)) found.push(...(await leftovers(path)));
    } else if (isTempName(e.name) || e.name === BUMP_JOURNAL) found.push(path);
  }
  return found;
}

/** Every version in the bumped files (package versions, requirements on rgreet-core, lock entries). */
async function versionsOnDisk(cwd: string): Promise<Set<string>> {
  const found = new Set<string>();
  for (const f of BUMPED) {
    const text = await readFile(join(cwd, f), "utf8");
    for (const m of text.matchAll(/version = "(\d+\.\d+\.\d+)"/g)) found.add(m[1] as string);
  }
  return found;
}

/**
 * All manifests and Cargo.lock at `version`, and cargo resolves the workspace with the lock as it is. Cargo gets
 * its own home here (the workspace has no registry dependency) so the two loops never wait on one package cache.
 */
async function expectConsistent(cwd: string, version: string): Promise<void> {
  expect([...(await versionsOnDisk(cwd))]).toEqual([version]);
  const env = { ...base, CARGO_HOME: `${cwd}.cargo-home` };
  const r = await exec(
    base.CARGO ?? "cargo",
    ["metadata", "--offline", "--locked", "--format-version", "1"],
    {
      cwd,
      env,
      reject: false,
    },
  );
  // Cargo may wait for a lock another process holds: that line is not a problem.
  expect(
    r.stderr.split("\n").filter((l) => l.trim() !== "" && !l.includes("Blocking waiting for file lock")),
  ).toEqual([]);
  expect(r.code).toBe(0);
}

/** Every file the build's fragment lists is in dist/ with the fragment's SHA-256, for `version`. */
async function expectDistMatchesFragment(cwd: string, version: string): Promise<void> {
  const fragment = JSON.parse(await readFile(join(dist(cwd), `manifest-${HOST}.json`), "utf8")) as {
    version: string;
    artifacts: { path: string; sha256: string; size: number }[];
  };
  expect(fragment.version).toBe(version);
  expect(fragment.artifacts.map((a) => a.path).sort()).toEqual([
    `bin/${HOST}/rgreet`,
    `rgreet-v${version}-${HOST}.tar.gz`,
    `rgreet-v${version}-${HOST}.tar.gz.sha256`,
  ]);
  for (const a of fragment.artifacts) {
    const bytes = await readFile(join(dist(cwd), a.path));
    expect({ path: a.path, size: bytes.length, sha256: sha256(bytes) }).toEqual({
      path: a.path,
      size: a.size,
      sha256: a.sha256,
    });
  }
}

const isOurs = (name: string) => isTempName(name) || name === BUMP_JOURNAL;

/**
 * Runs the built CLI and SIGKILLs it: after `afterEvents` creations/renames/removals of our temp or journal files
 * in `watched` (so the kill lands inside the write phase), or after `afterMs`. Returns whether the kill hit the
 * process and how many such events a whole run makes (when not killed).
 */
function runAndKill(
  args: string[],
  env: NodeJS.ProcessEnv,
  watched: string[],
  when: { afterEvents?: number; afterMs?: number },
): Promise<{ killed: boolean; events: number; ms: number }> {
  return new Promise((resolve) => {
    const start = Date.now();
    const child = spawn(process.execPath, [cli, ...args], { env, stdio: "ignore" });
    let events = 0;
    const kill = () => {
      if (child.exitCode === null) child.kill("SIGKILL");
    };
    const watchers = watched.map((dir) =>
      watch(dir, (type, name) => {
        if (type !== "rename" || !name || !isOurs(name)) return;
        events++;
        if (when.afterEvents !== undefined && events >= when.afterEvents) kill();
      }),
    );
    const timer = when.afterMs === undefined ? undefined : setTimeout(kill, when.afterMs);
    child.on("exit", (_code, signal) => {
      clearTimeout(timer);
      for (const w of watchers) w.close();
      resolve({ killed: signal === "SIGKILL", events, ms: Date.now() - start });
    });
  });
}

/** Runs a command in-process, as the CLI does; returns its exit code and stderr. */
async function rerun(command: Command, args: string[], env: NodeJS.ProcessEnv) {
  const stdout = captureStream();
  const stderr = captureStream();
  const code = await command.run(args, { stdout, stderr, env, cwd: tmpdir() });
  return { code, stderr: stderr.text() };
}

const randomInt = (n: number) => Math.floor(Math.random() * n);

/**
 * Kills `kills` runs of a command (a SIGKILL that reached a running process; at most 3 × `kills` tries): two in
 * three after a random number of our file events (inside the writes), one in three at a random time of a whole
 * run. After each, re-runs the command and checks the repository.
 */
async function killLoop(o: {
  kills: number;
  cwd: string;
  name: string;
  command: Command;
  args: (version: string) => string[];
  watched: string[];
  check: (version: string) => Promise<void>;
}) {
  // Warm-up (cargo builds each version once), then calibration: a whole run's duration and file events.
  for (const v of VERSIONS) expect((await rerun(o.command, o.args(v), envFor(o.cwd, v))).code).toBe(0);
  const whole = [];
  for (const v of VERSIONS) {
    whole.push(await runAndKill([o.name, ...o.args(v)], envFor(o.cwd, v), o.watched, {}));
    await o.check(v);
  }
  const ms = Math.min(...whole.map((w) => w.ms));
  const events = Math.min(...whole.map((w) => w.events));
  expect(events).toBeGreaterThan(3);
  let killed = 0;
  let interrupted = 0;
  let torn = 0;
  // Until `kills` runs were really killed (a run may finish before its kill lands), within a bounded number of tries.
  for (let i = 0; killed < o.kills && i < o.kills * 3; i++) {
    const version = VERSIONS[i % 2] as string;
    const when = i % 3 === 2 ? { afterMs: randomInt(ms) } : { afterEvents: 1 + randomInt(events) };
    const r = await runAndKill([o.name, ...o.args(version)], envFor(o.cwd, version), o.watched, when);
    if (r.killed) killed++;
    if ((await leftovers(o.cwd)).length > 0) interrupted++;
    if ((await versionsOnDisk(o.cwd)).size > 1) torn++;
    const again = await rerun(o.command, o.args(version), envFor(o.cwd, version));
    expect(again.stderr.split("\n").filter((l) => /^\S+: E[A-Z]+ /.test(l))).toEqual([]);
    expect(again.code).toBe(0);
    expect(await leftovers(o.cwd)).toEqual([]);
    await o.check(version);
  }
  return { killed, interrupted, torn, ms, events };
}

/** The kill loop of `build` in one repository. */
function buildLoop(cwd: string, kills: number) {
  return killLoop({
    kills,
    cwd,
    name: "build",
    command: buildCommand,
    args: (v) => ["--target", HOST, "--version", v, "--cwd", cwd],
    watched: [cwd, join(cwd, "crates/rgreet"), join(cwd, ".git"), dist(cwd), join(dist(cwd), "bin", HOST)],
    check: async (v) => {
      await expectConsistent(cwd, v);
      await expectDistMatchesFragment(cwd, v);
    },
  });
}

const sum = (all: Record<string, number>[], key: string) => all.reduce((n, s) => n + (s[key] ?? 0), 0);

describe.concurrent(
  "a SIGKILL at any moment leaves all-old or all-new after the next command, and no temp files",
  () => {
    it(`set-version: ${KILLS} kills, each followed by the same set-version`, async () => {
      const cwd = cwdOf("set-version");
      const stats = await killLoop({
        kills: KILLS,
        cwd,
        name: "set-version",
        command: setVersionCommand,
        args: (v) => [v, "--cwd", cwd],
        watched: [cwd, join(cwd, "crates/rgreet"), join(cwd, "crates/rgreet-fmt"), join(cwd, ".git")],
        check: (v) => expectConsistent(cwd, v),
      });
      console.log("set-version kills: %j", stats);
      expect(stats.killed).toBeGreaterThanOrEqual(KILLS);
      // Kills that landed inside the writes: temps or a journal were there before the re-run cleaned them.
      expect(stats.interrupted).toBeGreaterThanOrEqual(10);
      // Some of them between two renames: the files carried two versions until the re-run finished the bump.
      expect(stats.torn).toBeGreaterThanOrEqual(1);
    }, 900_000);

    it(`build: ${KILLS} kills (two repositories at once), each followed by the same build; dist/ matches the fragment`, async () => {
      const half = Math.ceil(KILLS / 2);
      const both = await Promise.all([buildLoop(cwdOf("build-a"), half), buildLoop(cwdOf("build-b"), half)]);
      console.log("build kills: %j", both);
      expect(sum(both, "killed")).toBeGreaterThanOrEqual(KILLS);
      expect(sum(both, "interrupted")).toBeGreaterThanOrEqual(10);
    }, 900_000);
  },
);

/** A bump of `cwd` to `to` stopped right after its first rename, exactly as a SIGKILL there leaves it. */
async function interruptBump(cwd: string, to: string): Promise<void> {
  const ws = await loadWorkspace({ cwd, env: base, manifestPath: "Cargo.toml" });
  const plan = await computeVersionPlan(ws, { manifestPath: "Cargo.toml", version: to });
  let renames = 0;
  const dies: WriteFs = {
    open,
    rename: (a, b) => (++renames === 2 ? Promise.reject(new Error("killed")) : rename(a, b)),
  };
  const files = plan.files.map((f) => ({ path: f.path, data: f.text }));
  const journal = await bumpJournalPath(ws);
  await expect(
    atomicWriteAll(files, { journal, repair: `semantic-release-rust set-version ${to}`, fs: dies }),
  ).rejects.toThrow("killed");
}

describe("failures while writing and interrupted bumps seen by read-only commands", () => {
  it("a build that cannot write a staged binary (file size limit, like a full disk) is EWRITEFILE; nothing is truncated", async () => {
    const cwd = cwdOf("build-a");
    const version = "0.3.0";
    expect(
      (
        await rerun(
          buildCommand,
          ["--target", HOST, "--version", version, "--cwd", cwd],
          envFor(cwd, version),
        )
      ).code,
    ).toBe(0);
    const staged = join(dist(cwd), "bin", HOST, "rgreet");
    const before = await readFile(staged);
    const archive = await readFile(join(dist(cwd), `rgreet-v${version}-${HOST}.tar.gz`));
    expect(archive.length).toBeLessThan(before.length);
    // `ulimit -f` of sh in 512-byte blocks: the archive fits, the staged binary does not.
    const blocks = Math.floor((archive.length + before.length) / 2 / 512);
    const args = ["--target", HOST, "--version", version, "--cwd", cwd];
    const r = await exec(
      "sh",
      [
        "-c",
        'ulimit -f "$1"; shift; exec "$@"',
        "sh",
        String(blocks),
        process.execPath,
        cli,
        "build",
        ...args,
      ],
      {
        cwd: cwd,
        env: envFor(cwd, version),
        reject: false,
      },
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`EWRITEFILE Cannot write ${staged}: EFBIG.`);
    expect(r.stderr).toContain("ulimit -f");
    expect(await readFile(staged)).toEqual(before);
    expect(await leftovers(cwd)).toEqual([]);
  });

  it("plan, verifyConditions and resume --dry-run report an interrupted bump (EBUMPINTERRUPTED) without writing; set-version finishes it", async () => {
    const cwd = cwdOf("build-a");
    const from = [...(await versionsOnDisk(cwd))][0] as string;
    const to = "0.3.5";
    await interruptBump(cwd, to);
    expect([...(await versionsOnDisk(cwd))].sort()).toEqual([from, to].sort());
    const tree = await treeHashes(cwd);
    const left = await leftovers(cwd);
    expect(left).toContain(join(cwd, ".git", BUMP_JOURNAL));

    const p = await exec(process.execPath, [cli, "plan", "--version", "0.4.0", "--cwd", cwd], {
      env: base,
      reject: false,
    });
    expect(p.code).toBe(1);
    expect(p.stdout).toContain("no plan: EBUMPINTERRUPTED A version bump was interrupted");
    const error = await rejection(verifyConditions({}, testContext(cwd, { env: base })));
    expect(errorCodes(error)).toEqual(["EBUMPINTERRUPTED"]);
    expect((error as { details: string }).details).toContain(
      `Run \`npx semantic-release-rust set-version ${to}\``,
    );
    expect(await treeHashes(cwd)).toEqual(tree);
    expect(await leftovers(cwd)).toEqual(left);
    // `resume --dry-run` only reads: it reports the interrupted bump and finishes nothing.
    await exec("git", ["tag", `v${to}`], { cwd, env: base });
    try {
      const r = await exec(process.execPath, [cli, "resume", "--tag", `v${to}`, "--dry-run", "--cwd", cwd], {
        env: base,
        reject: false,
      });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("EBUMPINTERRUPTED");
    } finally {
      await exec("git", ["tag", "-d", `v${to}`], { cwd, env: base });
    }
    expect(await treeHashes(cwd)).toEqual(tree);
    expect(await leftovers(cwd)).toEqual(left);

    const fixed = await exec(process.execPath, [cli, "set-version", to, "--cwd", cwd], {
      env: base,
      reject: false,
    });
    expect(fixed.stderr).toBe(`already at ${to}: nothing to change\n`);
    await expectConsistent(cwd, to);
    expect(await leftovers(cwd)).toEqual([]);
  });

  it("the core plugin's prepare finishes an interrupted bump, drops stray temps, then bumps to the next version", async () => {
    const cwd = cwdOf("set-version");
    const from = [...(await versionsOnDisk(cwd))][0] as string;
    await interruptBump(cwd, "0.5.0");
    expect([...(await versionsOnDisk(cwd))].sort()).toEqual([from, "0.5.0"].sort());
    // And a temp of a bump killed before its journal: rolled back.
    await writeFile(join(cwd, "crates/rgreet-fmt/.Cargo.toml.0123456789ab.tmp"), "half");
    const context = testContext(cwd, { env: base, nextRelease: { version: "0.6.0", gitTag: "v0.6.0" } });
    await prepare({}, context);
    expect(context.lines.join("\n")).toContain(
      "Finished an interrupted version bump (semantic-release-rust set-version 0.5.0)",
    );
    await expectConsistent(cwd, "0.6.0");
    expect(await leftovers(cwd)).toEqual([]);
  });
});
