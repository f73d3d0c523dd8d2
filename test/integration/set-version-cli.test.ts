import { execFile } from "node:child_process";
import { link, readdir, readFile, rm, stat, chmod, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { sharedTargetDir } from "../helpers/cargo-env.js";
import { examplesCopy, treeHashes } from "../helpers/fixtures.js";
import { repoRoot } from "../helpers/paths.js";

const run = promisify(execFile);
const cli = join(repoRoot, "dist/src/cli.js");
/** This file's own cargo target dir: it runs target/debug/rgreet, which other test files also build. */
const targetDir = `${sharedTargetDir}-set-version`;
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function setVersion(cwd: string, ...args: string[]) {
  try {
    const { stdout, stderr } = await run("node", [cli, "set-version", ...args, "--cwd", cwd]);
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

async function metadataVersions(cwd: string): Promise<Record<string, string>> {
  const { stdout } = await run("cargo", ["metadata", "--offline", "--no-deps", "--format-version", "1"], {
    cwd,
  });
  const meta = JSON.parse(stdout) as { packages: { name: string; version: string }[] };
  return Object.fromEntries(meta.packages.map((p) => [p.name, p.version]));
}

describe("semantic-release-rust set-version", () => {
  it("bumps the workspace version, the path+version requirements and Cargo.lock; cargo agrees and builds --locked", async () => {
    const cwd = await examplesCopy();
    dirs.push(cwd);
    const before = await readFile(join(cwd, "Cargo.toml"), "utf8");
    const res = await setVersion(cwd, "0.2.0");
    expect(res.code).toBe(0);
    expect(res.stdout.split("\n").filter(Boolean).sort()).toEqual([
      "Cargo.lock",
      "Cargo.toml",
      "crates/rgreet/Cargo.toml",
    ]);
    expect(await metadataVersions(cwd)).toEqual({ rgreet: "0.2.0", "rgreet-core": "0.2.0" });
    const after = await readFile(join(cwd, "Cargo.toml"), "utf8");
    expect(after).toContain('version = "0.2.0" # bumped by semantic-release-rust');
    expect(after).toContain('rgreet-core = { path = "crates/rgreet-core", version = "0.2.0" }');
    // Only the two version values changed.
    expect(after.replaceAll("0.2.0", "0.1.0")).toBe(before);
    const bin = await readFile(join(cwd, "crates/rgreet/Cargo.toml"), "utf8");
    expect(bin).toContain('rgreet-core = { path = "../rgreet-core", version = "0.2.0" }');
    const lock = await readFile(join(cwd, "Cargo.lock"), "utf8");
    expect(lock.match(/version = "0\.2\.0"/g)).toHaveLength(2);
    // examples/ has no crates.io dependency: every locked package is a workspace member.
    expect(lock).not.toMatch(/^source = /m);
    // A local build without the pipeline's GIT_COMMIT_SHA / BUILD_TIMESTAMP falls back to "unknown".
    const env: NodeJS.ProcessEnv = { ...process.env, CARGO_TARGET_DIR: targetDir };
    delete env.GIT_COMMIT_SHA;
    delete env.BUILD_TIMESTAMP;
    await run("cargo", ["build", "--locked", "--offline", "-q"], { cwd, env });
    const { stdout } = await run(join(targetDir, "debug/rgreet"), ["--version"]);
    expect(stdout.split("\n")).toEqual(["rgreet 0.2.0", "commit: unknown", "built: unknown", ""]);
    // Set at build time, both are printed (cargo rebuilds when they change).
    const stamp = { GIT_COMMIT_SHA: "0123abcd", BUILD_TIMESTAMP: "2026-01-02T03:04:05Z" };
    await run("cargo", ["build", "--locked", "--offline", "-q"], { cwd, env: { ...env, ...stamp } });
    const stamped = await run(join(targetDir, "debug/rgreet"), ["--version"]);
    expect(stamped.stdout.split("\n")).toEqual([
      "rgreet 0.2.0",
      "commit: 0123abcd",
      "built: 2026-01-02T03:04:05Z",
      "",
    ]);
  });

  it("bumps every member inheriting the workspace version when --package names one of them", async () => {
    const cwd = await examplesCopy();
    dirs.push(cwd);
    const res = await setVersion(cwd, "0.2.0", "--package", "rgreet");
    expect(res.code).toBe(0);
    expect(res.stdout.split("\n").filter(Boolean).sort()).toEqual([
      "Cargo.lock",
      "Cargo.toml",
      "crates/rgreet/Cargo.toml",
    ]);
    expect(await metadataVersions(cwd)).toEqual({ rgreet: "0.2.0", "rgreet-core": "0.2.0" });
    await run("cargo", ["build", "--locked", "--offline", "-q"], {
      cwd,
      env: { ...process.env, CARGO_TARGET_DIR: targetDir },
    });
  });

  it("writes each file through a temp file and a rename: old links keep the old text, modes stay, no temp files", async () => {
    const cwd = await examplesCopy();
    dirs.push(cwd);
    const manifest = join(cwd, "Cargo.toml");
    const before = await readFile(manifest, "utf8");
    await chmod(manifest, 0o640);
    const oldLink = `${cwd}.old-link`;
    dirs.push(oldLink);
    await link(manifest, oldLink);
    const names = async () =>
      [...(await readdir(cwd)), ...(await readdir(join(cwd, "crates/rgreet")))].sort();
    const namesBefore = await names();

    expect((await setVersion(cwd, "0.2.0")).code).toBe(0);
    // A reader that opened the old file sees it whole; the path now names a new file with the new text.
    expect(await readFile(oldLink, "utf8")).toBe(before);
    expect((await stat(manifest)).ino).not.toBe((await stat(oldLink)).ino);
    expect(await readFile(manifest, "utf8")).toBe(before.replaceAll('"0.1.0"', '"0.2.0"'));
    expect((await stat(manifest)).mode & 0o777).toBe(0o640);
    expect(await names()).toEqual(namesBefore);
  });

  it("leaves Cargo.lock alone with --no-lockfile", async () => {
    const cwd = await examplesCopy();
    dirs.push(cwd);
    const lock = await readFile(join(cwd, "Cargo.lock"), "utf8");
    const res = await setVersion(cwd, "0.2.0", "--no-lockfile");
    expect(res.code).toBe(0);
    expect(res.stdout.split("\n").filter(Boolean).sort()).toEqual(["Cargo.toml", "crates/rgreet/Cargo.toml"]);
    expect(await readFile(join(cwd, "Cargo.lock"), "utf8")).toBe(lock);
    expect(await metadataVersions(cwd)).toEqual({ rgreet: "0.2.0", "rgreet-core": "0.2.0" });
  });

  it("only bumps the packages named with --package", async () => {
    const cwd = await examplesCopy();
    dirs.push(cwd);
    // A member with a literal version, released on its own.
    const manifest = join(cwd, "crates/rgreet/Cargo.toml");
    await writeFile(
      manifest,
      (await readFile(manifest, "utf8")).replace("version.workspace = true", 'version = "0.1.0"'),
    );
    const res = await setVersion(cwd, "3.0.0", "--package", "rgreet");
    expect(res.code).toBe(0);
    expect(await metadataVersions(cwd)).toEqual({ rgreet: "3.0.0", "rgreet-core": "0.1.0" });
  });

  it.each([
    [["1.2"], "EINVALIDVERSION"],
    [["v0.2.0"], "EINVALIDVERSION"],
    [["=0.2.0"], "EINVALIDVERSION"],
    [["0.2.0", "--package", "nope"], "EUNKNOWNPACKAGE"],
  ])("exits 2 with a one-line reason and writes nothing for %j", async (args, code) => {
    const cwd = await examplesCopy();
    dirs.push(cwd);
    const before = await treeHashes(cwd);
    const res = await setVersion(cwd, ...args);
    expect(res.code).toBe(2);
    expect(res.stderr.trim().split("\n")).toHaveLength(1);
    expect(res.stderr).toContain(code);
    expect(res.stdout).toBe("");
    expect(await treeHashes(cwd)).toEqual(before);
  });

  it("exits 2 on a broken manifest and writes nothing", async () => {
    const cwd = await examplesCopy();
    dirs.push(cwd);
    const manifest = join(cwd, "crates/rgreet/Cargo.toml");
    await writeFile(manifest, `${await readFile(manifest, "utf8")}\n[dependencies\nbroken = `);
    const before = await treeHashes(cwd);
    const res = await setVersion(cwd, "0.2.0");
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/^semantic-release-rust set-version: ECARGOMETADATA /);
    expect(res.stderr.trim().split("\n")).toHaveLength(1);
    expect(res.stdout).toBe("");
    expect(await treeHashes(cwd)).toEqual(before);
  });

  it("exits 2 naming Cargo.lock when cargo reads the workspace but the lockfile cannot be edited", async () => {
    const cwd = await examplesCopy();
    dirs.push(cwd);
    await writeFile(
      join(cwd, "Cargo.lock"),
      `${await readFile(join(cwd, "Cargo.lock"), "utf8")}[[package]\n`,
    );
    const before = await treeHashes(cwd);
    const res = await setVersion(cwd, "0.2.0");
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(
      /^semantic-release-rust set-version: EMANIFESTEDIT Cannot update Cargo\.lock: line \d+/,
    );
    expect(res.stderr.trim().split("\n")).toHaveLength(1);
    expect(res.stdout).toBe("");
    expect(await treeHashes(cwd)).toEqual(before);
  });

  it("keeps a compound requirement that admits the new version, and exits 2 when it would exclude it", async () => {
    const cwd = await examplesCopy();
    dirs.push(cwd);
    const manifest = join(cwd, "crates/rgreet/Cargo.toml");
    await writeFile(
      manifest,
      (await readFile(manifest, "utf8")).replace('version = "0.1.0" }', 'version = ">=0.1, <0.2" }'),
    );
    const before = await treeHashes(cwd);
    const refused = await setVersion(cwd, "0.2.0");
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^semantic-release-rust set-version: EREQUIREMENTEXCLUDES .*0\.2\.0/);
    expect(refused.stderr.trim().split("\n")).toHaveLength(1);
    expect(await treeHashes(cwd)).toEqual(before);

    const res = await setVersion(cwd, "0.1.5");
    expect(res.code).toBe(0);
    expect(res.stderr).toContain(
      'crates/rgreet/Cargo.toml: dependencies.rgreet-core = ">=0.1, <0.2" left as written',
    );
    expect(await metadataVersions(cwd)).toEqual({ rgreet: "0.1.5", "rgreet-core": "0.1.5" });
    await run("cargo", ["build", "--locked", "--offline", "-q"], {
      cwd,
      env: { ...process.env, CARGO_TARGET_DIR: targetDir },
    });
  });

  it("exits 2 on usage errors", async () => {
    const res = await setVersion("/", "--bogus");
    expect(res.code).toBe(2);
    expect(res.stderr).toContain("unknown option --bogus");
  });
});
