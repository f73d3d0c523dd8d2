import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepare } from "../../src/cargo/prepare.js";
import { verifyRelease } from "../../src/cargo/verify-release.js";
import { exec } from "../../src/util/exec.js";
import { compareVersions, isCargoVersion, U64_MAX, versionProblem } from "../../src/util/version.js";
import { errorCodes, rejection, testContext } from "../helpers/context.js";
import { writeTree } from "../helpers/fixtures.js";
import { copyExamples, git, gitCommit, gitRepo, removeRepo, type TestRepo } from "../helpers/git-utils.js";
import { repoRoot } from "../helpers/paths.js";

const cli = join(repoRoot, "dist/src/cli.js");
const runCli = (cwd: string, ...args: string[]) =>
  exec(process.execPath, [cli, ...args], { cwd, reject: false });

/** Versions cargo accepts for `[package] version`, and versions it refuses (checked against cargo below). */
const ACCEPTED = [
  "0.0.0",
  "1.4.0",
  "2.0.0-beta.1",
  "1.0.0-x-y.Z9.0",
  "1.0.0-0.3.7",
  "1.0.0-99999999999999999999999",
  "1.0.0+001.build-5",
  "1.0.0-rc.1+sha.5114f85",
  `${U64_MAX}.${U64_MAX}.${U64_MAX}`,
];
const REFUSED = [
  ["18446744073709551616.0.0", "the major 18446744073709551616 is above 18446744073709551615"],
  ["0.18446744073709551616.0", "the minor 18446744073709551616 is above"],
  ["01.0.0", "the major 01 has a leading zero"],
  ["1.00.0", "the minor 00 has a leading zero"],
  ["1.0.0-01", "the pre-release identifier `01` has a leading zero"],
  ["1.0.0-beta.007", "the pre-release identifier `007` has a leading zero"],
  ["1.0.0-a..b", "empty identifier"],
  ["1.0.0-", "empty identifier"],
  ["1.0.0+", "empty identifier"],
  ["1.0.0-beta_1", "character other than [0-9A-Za-z-]"],
  ["1.0.0+b.ü", "character other than [0-9A-Za-z-]"],
  ["1.2", "expected MAJOR.MINOR.PATCH"],
  ["v1.2.3", "expected MAJOR.MINOR.PATCH"],
  [" 1.2.3", "expected MAJOR.MINOR.PATCH"],
  ["1.2.3\n", "expected MAJOR.MINOR.PATCH"],
  ["=1.2.3", "expected MAJOR.MINOR.PATCH"],
  ["", "expected MAJOR.MINOR.PATCH"],
];

describe("the one version check reads versions as cargo does", () => {
  it.each(ACCEPTED)("accepts %s", (v) => expect(versionProblem(v)).toBeUndefined());
  it.each(REFUSED)("refuses %j: %s", (v, why) => expect(versionProblem(v)).toContain(why));

  it("agrees with the real cargo on every version above", async () => {
    const dir = await writeTree({ "src/lib.rs": "" });
    try {
      const verdicts: Record<string, boolean> = {};
      for (const v of [...ACCEPTED, ...REFUSED.map(([v]) => v as string)]) {
        if (v === "" || /\s/.test(v)) continue; // not writable as a TOML version that cargo reads as is
        await writeFile(join(dir, "Cargo.toml"), `[package]\nname = "app"\nversion = ${JSON.stringify(v)}\n`);
        const r = await exec("cargo", ["metadata", "--no-deps", "--offline", "--format-version", "1"], {
          cwd: dir,
          reject: false,
        });
        verdicts[v] = r.code === 0;
      }
      const ours = Object.fromEntries(Object.keys(verdicts).map((v) => [v, isCargoVersion(v)]));
      expect(ours).toEqual(verdicts);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("orders versions by SemVer precedence, past node-semver's 2^53 limit", () => {
    const ordered = [
      "1.0.0-alpha",
      "1.0.0-alpha.1",
      "1.0.0-alpha.beta",
      "1.0.0-beta",
      "1.0.0-beta.2",
      "1.0.0-beta.11",
      "1.0.0-rc.1",
      "1.0.0",
      "9007199254740993.0.0",
      `${U64_MAX}.0.0`,
    ];
    for (let i = 1; i < ordered.length; i++) {
      expect(compareVersions(ordered[i - 1]!, ordered[i]!)).toBe(-1);
      expect(compareVersions(ordered[i]!, ordered[i - 1]!)).toBe(1);
    }
    expect(compareVersions("1.0.0+a", "1.0.0+b")).toBe(0);
  });
});

describe("every command and the core plugin refuse what cargo would, and write nothing", () => {
  let repo: TestRepo;
  beforeAll(async () => {
    repo = await gitRepo();
    await copyExamples(repo.cwd);
    await writeFile(join(repo.cwd, ".gitignore"), "/target\n");
    await gitCommit(repo.cwd, "chore: import");
  });
  afterAll(async () => {
    if (repo) await removeRepo(repo);
  });

  it("set-version writes u64::MAX, and cargo metadata reads the workspace at that version", async () => {
    const max = `${U64_MAX}.0.0`;
    const r = await runCli(repo.cwd, "set-version", max);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const { stdout } = await exec("cargo", ["metadata", "--no-deps", "--offline", "--format-version", "1"], {
      cwd: repo.cwd,
    });
    const versions = (JSON.parse(stdout) as { packages: { version: string }[] }).packages.map(
      (p) => p.version,
    );
    expect(versions).toEqual([max, max]);
    await git(repo.cwd, "checkout", "-q", "--", ".");
  });

  it.each([["18446744073709551616.0.0"], ["1.0.0-01"], ["01.2.3"]])(
    "set-version %s exits 2 with EINVALIDVERSION and leaves git status clean",
    async (v) => {
      const r = await runCli(repo.cwd, "set-version", v);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^semantic-release-rust set-version: EINVALIDVERSION /);
      expect(r.stdout).toBe("");
      expect(await git(repo.cwd, "status", "--porcelain", "--ignored")).toBe("");
    },
  );

  it.each([
    ["build", "--target", "x86_64-unknown-linux-gnu", "--version"],
    ["plan", "--version"],
  ])("%s refuses a version past u64::MAX with EINVALIDVERSION (exit 2)", async (...args) => {
    const r = await runCli(repo.cwd, ...args, "18446744073709551616.0.0");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("EINVALIDVERSION");
    expect(r.stderr).toContain("above 18446744073709551615");
    expect(await git(repo.cwd, "status", "--porcelain", "--ignored")).toBe("");
  });

  it("the core plugin's verifyRelease and prepare refuse a nextRelease.version cargo would refuse", async () => {
    const nextRelease = { version: "0.2.0-beta.01", gitTag: "v0.2.0-beta.01", name: "v0.2.0-beta.01" };
    const ctx = () =>
      testContext(repo.cwd, { lastRelease: { version: "0.1.0", gitTag: "v0.1.0" }, nextRelease } as never);
    expect(errorCodes(await rejection(verifyRelease({}, ctx())))).toEqual(["EINVALIDVERSION"]);
    expect(errorCodes(await rejection(prepare({}, ctx())))).toEqual(["EINVALIDVERSION"]);
    expect(await git(repo.cwd, "status", "--porcelain", "--ignored")).toBe("");
  });
});
