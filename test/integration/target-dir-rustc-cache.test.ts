import { chmod, mkdtemp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepare } from "../../src/binaries/index.js";
import { ensureTargetDir } from "../../src/cargo/target-dir.js";
import { loadResolvedMetadata } from "../../src/cargo/workspace.js";
import { exec } from "../../src/util/exec.js";
import { HOST } from "../helpers/cross-toolchain.js";
import { testContext } from "../helpers/context.js";
import { gitCommit, initExamplesRepo, removeRepo } from "../helpers/git-utils.js";

// Binaries prepare with SBOMs runs `cargo metadata --filter-platform` into the target dir before the build: rustc's
// answers it caches there must be the ones the real `cargo build` then uses, so the build asks rustc nothing new.

let dir: string;
let env: NodeJS.ProcessEnv;
let rustcLog: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "srr-rustc-cache-"));
  const crate = join(dir, "crate");
  await mkdir(join(crate, "src"), { recursive: true });
  await writeFile(
    join(crate, "Cargo.toml"),
    '[package]\nname = "tiny"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n',
  );
  await writeFile(join(crate, "src", "main.rs"), 'fn main() { println!("tiny"); }\n');
  await exec("cargo", ["generate-lockfile", "--offline"], { cwd: crate });
  // Every rustc run, logged by a RUSTC wrapper (cargo and the metadata both use it, so their cache keys agree).
  rustcLog = join(dir, "rustc.log");
  const real = (await exec("rustup", ["which", "rustc"])).stdout.trim();
  const shim = join(dir, "rustc-logged");
  await writeFile(shim, `#!/bin/sh\nprintf '%s\\n' "$*" >> '${rustcLog}'\nexec '${real}' "$@"\n`);
  await chmod(shim, 0o755);
  env = { ...process.env, RUSTC: shim };
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const crateDir = () => join(dir, "crate");

/** The rustc runs `fn` makes: the lines it adds to the wrapper's log. */
async function rustcRuns(fn: () => Promise<unknown>): Promise<string[]> {
  const before = await readFile(rustcLog, "utf8").catch(() => "");
  await fn();
  const after = await readFile(rustcLog, "utf8").catch(() => "");
  return after.slice(before.length).split("\n").filter(Boolean);
}

const build = (targetDir: string) =>
  exec("cargo", ["build", "--locked", `--target=${HOST}`], {
    cwd: crateDir(),
    env: { ...env, CARGO_TARGET_DIR: targetDir },
  });

/** rustc runs that only ask (version, cfg, file names), not compilations. */
const questions = (runs: string[]) => runs.filter((r) => r === "-vV" || r.includes("--print"));

describe("the target dir made before the build (ensureTargetDir)", () => {
  it("is what cargo makes: the same CACHEDIR.TAG as a target dir cargo created itself", async () => {
    const byCargo = join(dir, "by-cargo");
    const questionsOfCargo = questions(await rustcRuns(() => build(byCargo)));
    expect(questionsOfCargo.length).toBeGreaterThan(0); // a new target dir: cargo asks rustc
    const ours = join(dir, "ours", "nested");
    expect(ensureTargetDir(ours)).toBe(true);
    expect(await readFile(join(ours, "CACHEDIR.TAG"), "utf8")).toBe(
      await readFile(join(byCargo, "CACHEDIR.TAG"), "utf8"),
    );
  });

  it("lets cargo metadata --filter-platform leave rustc's answers there, so the build then asks rustc nothing", async () => {
    const targetDir = join(dir, "primed");
    expect(ensureTargetDir(targetDir)).toBe(true);
    const o = { cwd: crateDir(), env: { ...env, CARGO_TARGET_DIR: targetDir }, manifestPath: "Cargo.toml" };
    let meta: Awaited<ReturnType<typeof loadResolvedMetadata>> | undefined;
    const metadataRuns = await rustcRuns(async () => {
      meta = await loadResolvedMetadata({ ...o, target: HOST, featureArgs: [], locked: true });
    });
    expect(questions(metadataRuns).length).toBeGreaterThan(0);
    expect(meta?.packages.map((p) => p.name)).toEqual(["tiny"]);
    const buildRuns = await rustcRuns(() => build(targetDir));
    expect(questions(buildRuns)).toEqual([]);
    expect(buildRuns.some((r) => r.includes("--crate-name tiny"))).toBe(true); // it did compile
    expect((await exec(join(targetDir, HOST, "debug", "tiny"), [])).stdout).toBe("tiny\n");
  });

  it("leaves a folder that exists alone, and says false for a path it cannot make", async () => {
    const existing = join(dir, "existing");
    await mkdir(existing);
    expect(ensureTargetDir(existing)).toBe(true);
    await expect(readFile(join(existing, "CACHEDIR.TAG"))).rejects.toMatchObject({ code: "ENOENT" });
    const file = join(dir, "a-file");
    await writeFile(file, "x");
    expect(ensureTargetDir(join(file, "target"))).toBe(false);
  });
});

describe("binaries prepare with SBOMs", () => {
  /** The rustc questions of one prepare of examples/ into a new target dir, and the SBOMs it wrote. */
  async function prepareRuns(options: Record<string, unknown>, name: string) {
    const repo = await initExamplesRepo();
    try {
      await writeFile(join(repo.cwd, ".gitignore"), "/dist\n");
      await gitCommit(repo.cwd, "chore: ignore dist");
      const targetDir = join(dir, `prepare-${name}`);
      const context = testContext(repo.cwd, {
        env: { ...env, CARGO_TARGET_DIR: targetDir },
        nextRelease: { version: "0.1.0", gitTag: "v0.1.0" } as never,
      });
      const runs = await rustcRuns(() => prepare({ distDir: "dist", ...options }, context));
      const manifest = JSON.parse(await readFile(join(repo.cwd, "dist", "manifest.json"), "utf8")) as {
        artifacts: { kind: string; path: string }[];
      };
      return {
        questions: questions(runs),
        sboms: manifest.artifacts.filter((a) => a.kind === "sbom").map((a) => a.path),
        tag: await readFile(join(targetDir, "CACHEDIR.TAG"), "utf8"),
      };
    } finally {
      await removeRepo(repo);
    }
  }

  it("asks rustc the same questions as prepare without them, each once: the SBOM's cargo metadata and the build share the answers", async () => {
    const plain = await prepareRuns({ sbom: false }, "plain");
    expect(plain.sboms).toEqual([]);
    const ask = (q: string[]) => q.filter((r) => r.includes("--crate-name ___")).sort();
    expect(ask(plain.questions).length).toBeGreaterThan(0);
    for (const [name, options] of [
      ["host", {}], // no `targets`: the host triple comes from the probe
      ["targets", { targets: [HOST] }],
    ] as const) {
      const withSbom = await prepareRuns(options, name);
      expect(withSbom.sboms).toEqual([`rgreet-v0.1.0-${HOST}.tar.gz.cdx.json`]);
      expect(ask(withSbom.questions)).toEqual(ask(plain.questions));
      expect(new Set(ask(withSbom.questions)).size).toBe(ask(withSbom.questions).length);
      expect(withSbom.tag).toBe(plain.tag); // the target dir made before cargo ran is cargo's own kind
    }
  });
});
