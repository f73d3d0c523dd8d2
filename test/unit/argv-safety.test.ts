import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { profileArgs } from "../../src/binaries/plan.js";
import { packageArgs, publishArgs } from "../../src/crates/cargo-args.js";
import type { PlannedCrate } from "../../src/crates/plan.js";
import { resolveRegistry, type TargetRegistry } from "../../src/crates/registry.js";
import { buildxBuildArgs, dockerLoginArgs } from "../../src/docker/buildx-plan.js";
import { optionInjection } from "../../src/util/argv.js";
import { exec } from "../../src/util/exec.js";
import { errorCodes, rejection } from "../helpers/context.js";
import { git, gitCommit, gitRepo, removeRepo, type TestRepo } from "../helpers/git-utils.js";
import { repoRoot } from "../helpers/paths.js";

/** A value a program would run code with, if it read it as an option. */
const HOSTILE = "--config=build.rustc-wrapper='/bin/false'";

describe("values beginning with `-` are refused with EOPTIONINJECTION", () => {
  it.each([
    ["repository URL", "--upload-pack=touch /tmp/x;false"],
    ["tag", "-v1.0.0"],
    ["branch", "--orphan"],
    ["channel", "-beta"],
    ["registry name", "--index=x"],
  ] as const)("a %s: the code names the value and says what to write instead", (kind, value) => {
    const error = optionInjection(kind, value, "somewhere");
    expect(error?.code).toBe("EOPTIONINJECTION");
    expect(error?.message).toContain(`\`${value}\` (somewhere) begins with \`-\``);
    expect(error?.details).toMatch(/Set|Give|Name/);
    expect(optionInjection(kind, `x${value}`, "somewhere")).toBeUndefined();
  });

  it("the crates plugin's `registry` option", async () => {
    const env = { CARGO_HOME: "/nonexistent" };
    const error = await rejection(
      Promise.resolve().then(() => resolveRegistry("-x", { cwd: "/", env, files: [] })),
    );
    expect(errorCodes(error)).toEqual(["EOPTIONINJECTION"]);
  });
});

describe("argv builders pass every user value as --opt=value or after --", () => {
  const crate: PlannedCrate = {
    name: HOSTILE,
    version: "1.0.0",
    manifestPath: "/ws/Cargo.toml",
    dependsOn: [],
    features: [HOSTILE],
    noVerify: false,
    allowDirty: false,
  };
  const registry: TargetRegistry = {
    label: "r",
    cargoName: HOSTILE,
    indexUrl: "http://x/",
    tokenEnv: "T",
    isCratesIo: false,
  };
  /** No argument of `args` is a user value on its own: each is ours, or ours with the value after `=`. */
  const userValuesAreBound = (args: string[], ours: string[]) =>
    args.filter((a) => a.includes(HOSTILE) && !a.startsWith("--") && !ours.includes(a));

  it("cargo package and cargo publish", () => {
    expect(publishArgs(crate, registry, HOSTILE)).toEqual([
      "publish",
      `--manifest-path=${HOSTILE}`,
      `--package=${HOSTILE}`,
      `--registry=${HOSTILE}`,
      `--features=${HOSTILE}/${HOSTILE}`,
    ]);
    const pkg = packageArgs([crate], registry, HOSTILE);
    expect(pkg.every((a) => a === "package" || /^--[a-z-]+=/.test(a))).toBe(true);
    expect(userValuesAreBound(pkg, [])).toEqual([]);
    expect(profileArgs(HOSTILE).args).toEqual([`--profile=${HOSTILE}`]);
  });

  it("docker buildx build and docker login", () => {
    const args = buildxBuildArgs({
      platforms: [{ os: "linux", architecture: "amd64" }],
      dockerfile: HOSTILE,
      context: "/repo",
      buildArgs: { [HOSTILE]: HOSTILE },
      labels: { [HOSTILE]: HOSTILE },
      provenance: false,
      sbom: false,
      outputDir: HOSTILE,
      refName: "1.0.0",
    });
    expect(args.slice(2, -1).every((a) => /^--[a-z-]+=/.test(a))).toBe(true);
    expect(args.at(-1)).toBe("/repo");
    expect(dockerLoginArgs("-registry", HOSTILE)).toEqual([
      "login",
      `--username=${HOSTILE}`,
      "--password-stdin",
      "--",
      "-registry",
    ]);
  });

  it("no source file passes a value-taking option and its value as two arguments", async () => {
    const files = (await readdir(join(repoRoot, "src"), { recursive: true })).filter((f) =>
      f.endsWith(".ts"),
    );
    const split =
      /"(-p|--(manifest-path|package|registry|features|target|bin|profile|file|platform|build-arg|label|annotation|output|username|upload-pack))",/;
    const found: string[] = [];
    for (const f of files) {
      const text = await readFile(join(repoRoot, "src", f), "utf8");
      text.split("\n").forEach((line, i) => {
        if (split.test(line)) found.push(`src/${f}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(found).toEqual([]);
  });
});

describe("the real programs read these forms as values", () => {
  let repo: TestRepo;
  let marker: string;
  beforeAll(async () => {
    repo = await gitRepo();
    marker = join(repo.base, "PWNED");
    await gitCommit(repo.cwd, "chore: one");
    await git(repo.cwd, "tag", "v1.0.0");
    await git(repo.cwd, "push", "-q", "origin", "main", "v1.0.0");
  });
  afterAll(async () => {
    if (repo) await removeRepo(repo);
  });

  it("git ls-remote -- URL: a URL beginning with `-` is a repository, never --upload-pack", async () => {
    const r = await exec("git", ["ls-remote", "--tags", "--", `--upload-pack=touch ${marker};false`], {
      cwd: repo.cwd,
      reject: false,
    });
    expect(r.code).not.toBe(0);
    expect(existsSync(marker)).toBe(false);
    const ok = await exec("git", ["ls-remote", "--tags", "--", repo.repositoryUrl, "refs/tags/v1.0.0"], {
      cwd: repo.cwd,
    });
    expect(ok.stdout).toContain("refs/tags/v1.0.0");
  });

  it("git log and git describe --end-of-options: a revision beginning with `-` is a revision", async () => {
    const log = await exec("git", ["log", "--format=%s", "--end-of-options", `--output=${marker}`], {
      cwd: repo.cwd,
      reject: false,
    });
    expect(log.code).not.toBe(0);
    expect(existsSync(marker)).toBe(false);
    const subjects = await exec("git", ["log", "--format=%s", "--end-of-options", "v1.0.0"], {
      cwd: repo.cwd,
    });
    expect(subjects.stdout.trim()).toBe("chore: one");
    const describe = await exec("git", ["describe", "--tags", "--end-of-options", "v1.0.0"], {
      cwd: repo.cwd,
    });
    expect(describe.stdout.trim()).toBe("v1.0.0");
  });

  it("cargo --opt=value: a value beginning with `-` is a value, never an option", async () => {
    const dir = await mkdtemp(join(tmpdir(), "srr-argv-"));
    try {
      const r = await exec("cargo", ["metadata", "--no-deps", "--offline", `--manifest-path=${HOSTILE}`], {
        cwd: dir,
        reject: false,
      });
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain(HOSTILE);
      expect(r.stderr).not.toMatch(/unexpected argument|requires a value|a value is required/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
