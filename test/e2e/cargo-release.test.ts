import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { sharedTargetDir } from "../helpers/cargo-env.js";
import { treeHashes } from "../helpers/fixtures.js";
import {
  git,
  gitCommit,
  initExamplesRepo,
  remoteTags,
  removeRepo,
  type TestRepo,
} from "../helpers/git-utils.js";
import { releasePlugins } from "../helpers/release-plugins.js";
import { runRelease } from "../helpers/run-release.js";

const run = promisify(execFile);
const repos: TestRepo[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(repos.splice(0).map(removeRepo));
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

const plugins = releasePlugins();

describe("a real semantic-release run on examples/", () => {
  it("releases 0.2.0: tag pushed, versions committed, cargo build --locked passes at the tag", async () => {
    const repo = await initExamplesRepo();
    repos.push(repo);
    const { result, output } = await runRelease(repo.cwd, { repositoryUrl: repo.repositoryUrl, plugins });
    expect(result && result.nextRelease.version).toBe("0.2.0");
    expect(output).toContain("Bump rgreet-core, rgreet from 0.1.0 to 0.2.0");
    expect(await remoteTags(repo.remote)).toEqual(["v0.1.0", "v0.2.0"]);

    // What a user checks: a fresh clone of the tag carries the version everywhere and builds.
    const clone = await mkdtemp(join(tmpdir(), "srr-clone-"));
    dirs.push(clone);
    await run("git", ["clone", "-q", "--branch", "v0.2.0", repo.repositoryUrl, clone]);
    expect(await git(clone, "log", "-1", "--format=%s")).toBe("chore(release): 0.2.0 [skip ci]");
    const changed = await git(clone, "show", "--name-only", "--format=", "HEAD");
    expect(changed.split("\n").sort()).toEqual(["Cargo.lock", "Cargo.toml", "crates/rgreet/Cargo.toml"]);
    const { stdout } = await run("cargo", ["metadata", "--offline", "--no-deps", "--format-version", "1"], {
      cwd: clone,
    });
    const versions = (JSON.parse(stdout) as { packages: { name: string; version: string }[] }).packages.map(
      (p) => `${p.name}@${p.version}`,
    );
    expect(versions.sort()).toEqual(["rgreet-core@0.2.0", "rgreet@0.2.0"]);
    await run("cargo", ["build", "--locked", "--offline", "-q"], {
      cwd: clone,
      env: { ...process.env, CARGO_TARGET_DIR: sharedTargetDir },
    });
    expect(await git(clone, "status", "--porcelain")).toBe("");
  });

  it("--dry-run prints the plan and changes nothing on disk or on the remote", async () => {
    const repo = await initExamplesRepo();
    repos.push(repo);
    const before = await treeHashes(repo.cwd);
    const head = await git(repo.cwd, "rev-parse", "HEAD");
    const { result, output } = await runRelease(repo.cwd, {
      repositoryUrl: repo.repositoryUrl,
      plugins,
      dryRun: true,
    });
    expect(result && result.nextRelease.version).toBe("0.2.0");
    expect(output).toContain("Bump rgreet-core, rgreet from 0.1.0 to 0.2.0");
    expect(output).toMatch(/Cargo\.toml: workspace\.package\.version/);
    expect(await treeHashes(repo.cwd)).toEqual(before);
    expect(await git(repo.cwd, "status", "--porcelain")).toBe("");
    expect(await git(repo.cwd, "rev-parse", "HEAD")).toBe(head);
    expect(await remoteTags(repo.remote)).toEqual(["v0.1.0"]);
  });

  it("releases twice with a placeholderVersion kept in the committed manifests (no version commit)", async () => {
    const repo = await initExamplesRepo();
    repos.push(repo);
    for (const f of ["Cargo.toml", "crates/rgreet/Cargo.toml", "Cargo.lock"]) {
      const p = join(repo.cwd, f);
      await writeFile(p, (await readFile(p, "utf8")).replaceAll('"0.1.0"', '"0.0.0"'));
    }
    await gitCommit(repo.cwd, "chore: keep a placeholder version in the manifests");
    await git(repo.cwd, "push", "-q", "origin", "main");
    const placeholderPlugins = [
      "@semantic-release/commit-analyzer",
      "@semantic-release/release-notes-generator",
      ["semantic-release-rust", { placeholderVersion: "0.0.0" }],
    ];

    const first = await runRelease(repo.cwd, {
      repositoryUrl: repo.repositoryUrl,
      plugins: placeholderPlugins,
    });
    expect(first.result && first.result.nextRelease.version).toBe("0.2.0");
    expect(first.output).toContain("Bump rgreet-core, rgreet from 0.0.0 to 0.2.0");
    // The working tree carries the release version for the build steps; nothing was committed.
    const meta = async () => {
      const { stdout } = await run("cargo", ["metadata", "--offline", "--no-deps", "--format-version", "1"], {
        cwd: repo.cwd,
      });
      return (JSON.parse(stdout) as { packages: { version: string }[] }).packages.map((p) => p.version);
    };
    expect(await meta()).toEqual(["0.2.0", "0.2.0"]);
    expect(await git(repo.cwd, "show", "v0.2.0:Cargo.toml")).toContain('version = "0.0.0"');

    // The next job starts from a clean checkout: the manifests say 0.0.0 again, the last tag says 0.2.0.
    await git(repo.cwd, "checkout", "-q", "--", ".");
    await gitCommit(repo.cwd, "fix: greet politely");
    await git(repo.cwd, "push", "-q", "origin", "main");
    const second = await runRelease(repo.cwd, {
      repositoryUrl: repo.repositoryUrl,
      plugins: placeholderPlugins,
    });
    expect(second.result && second.result.nextRelease.version).toBe("0.2.1");
    expect(await remoteTags(repo.remote)).toEqual(["v0.1.0", "v0.2.0", "v0.2.1"]);
    expect(await meta()).toEqual(["0.2.1", "0.2.1"]);
  });

  it("stops with EVERSIONMISMATCH before tagging when Cargo.toml lags the last tag", async () => {
    const repo = await initExamplesRepo({ lastVersion: "0.3.0" });
    repos.push(repo);
    const error = (await runRelease(repo.cwd, { repositoryUrl: repo.repositoryUrl, plugins }).catch(
      (e: unknown) => e,
    )) as { code?: string; errors?: { code: string }[] };
    const codes = error.errors ? error.errors.map((e) => e.code) : [error.code];
    expect(codes).toContain("EVERSIONMISMATCH");
    expect(await remoteTags(repo.remote)).toEqual(["v0.3.0"]);
    expect(await git(repo.cwd, "status", "--porcelain")).toBe("");
  });
});
