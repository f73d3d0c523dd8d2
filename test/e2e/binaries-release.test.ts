import { execFile } from "node:child_process";
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import type { DistManifest } from "../../src/manifest/dist-manifest.js";
import {
  ARM64,
  debianCrossEnv,
  hasDebianCross,
  runArm64,
  fileTargetDir,
  HOST,
} from "../helpers/cross-toolchain.js";
import { git, initExamplesRepo, remoteTags, removeRepo, type TestRepo } from "../helpers/git-utils.js";
import { runRelease } from "../helpers/run-release.js";

const targetDir = fileTargetDir("binaries-release");

const run = promisify(execFile);
const repos: TestRepo[] = [];
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(repos.map(removeRepo));
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe.runIf(hasDebianCross())("a real semantic-release run building and packaging examples/", () => {
  it("bumps, commits, builds host + aarch64 from the release commit, packages, checksums and tags", async () => {
    const repo = await initExamplesRepo();
    repos.push(repo);
    const { result, output } = await runRelease(repo.cwd, {
      repositoryUrl: repo.repositoryUrl,
      env: debianCrossEnv({ CARGO_TARGET_DIR: targetDir }) as Record<string, string>,
      plugins: [
        "@semantic-release/commit-analyzer",
        "@semantic-release/release-notes-generator",
        "semantic-release-rust",
        [
          "@semantic-release/git",
          {
            assets: ["Cargo.toml", "Cargo.lock", "crates/*/Cargo.toml"],
            message: "chore(release): ${nextRelease.version}",
          },
        ],
        ["semantic-release-rust/binaries", { targets: [HOST, ARM64] }],
      ],
    });
    expect(result && result.nextRelease.version).toBe("0.2.0");
    expect(output).toMatch(/\[1\/2\] \S+ built in \d+ s/);
    expect(await remoteTags(repo.remote)).toEqual(["v0.1.0", "v0.2.0"]);
    const tagCommit = await git(repo.remote, "rev-list", "-n", "1", "v0.2.0");

    // What a user downloads: archives + checksums that `sha256sum -c` accepts.
    const dist = join(repo.cwd, "dist");
    const files = (await readdir(dist)).sort();
    for (const target of [HOST, ARM64]) {
      expect(files).toContain(`rgreet-v0.2.0-${target}.tar.gz`);
      expect(files).toContain(`rgreet-v0.2.0-${target}.tar.gz.sha256`);
    }
    expect(files).toContain("SHA256SUMS");
    const { stdout: checked } = await run("sha256sum", ["-c", "SHA256SUMS"], { cwd: dist });
    expect(checked.trim().split("\n")).toEqual([
      `rgreet-v0.2.0-${ARM64}.tar.gz: OK`,
      `rgreet-v0.2.0-${HOST}.tar.gz: OK`,
    ]);
    const manifest = JSON.parse(await readFile(join(dist, "manifest.json"), "utf8")) as DistManifest;
    expect(manifest.version).toBe("0.2.0");
    expect(
      manifest.artifacts
        .filter((a) => a.kind === "archive")
        .map((a) => a.target)
        .sort(),
    ).toEqual([ARM64, HOST]);

    // Unpacked, the demo runs as documented and the binaries carry the release commit.
    const out = await mkdtemp(join(tmpdir(), "srr-unpack-"));
    dirs.push(out);
    for (const target of [HOST, ARM64]) {
      await run("tar", ["-xzf", join(dist, `rgreet-v0.2.0-${target}.tar.gz`), "-C", out]);
    }
    const hostDir = join(out, `rgreet-v0.2.0-${HOST}`);
    const { stdout: demo } = await run("sh", [join(hostDir, "demo/run-demo.sh")]);
    expect(demo).toContain("rgreet 0.2.0");
    expect(demo).toContain(`commit: ${tagCommit}`);
    expect(demo).toContain("Hello, Ferris!");
    const arm = await runArm64(join(out, `rgreet-v0.2.0-${ARM64}`, "bin/rgreet"), ["--version"]);
    expect(arm.stdout).toContain("rgreet 0.2.0");
    expect(arm.stdout).toContain(`commit: ${tagCommit}`);

    // The release notes tell how to install and list the archives.
    const notes = result ? result.nextRelease.notes : "";
    expect(notes).toContain("## Install");
    expect(notes).toContain(`rgreet-v0.2.0-${ARM64}.tar.gz`);
    // dist/ is ignored by the example's .gitignore: the release leaves the work tree clean.
    expect(await git(repo.cwd, "status", "--porcelain")).toBe("");
  });

  it("with prebuilt binaries missing a target, fails in prepare and pushes no tag", async () => {
    const repo = await initExamplesRepo();
    repos.push(repo);
    const jobs = await mkdtemp(join(tmpdir(), "srr-empty-jobs-"));
    dirs.push(jobs);
    const error = (await runRelease(repo.cwd, {
      repositoryUrl: repo.repositoryUrl,
      env: debianCrossEnv({ CARGO_TARGET_DIR: targetDir }) as Record<string, string>,
      plugins: [
        "@semantic-release/commit-analyzer",
        "semantic-release-rust",
        ["semantic-release-rust/binaries", { targets: [HOST, ARM64], prebuilt: jobs }],
      ],
    }).catch((e: unknown) => e)) as { code?: string; details?: string; output?: string };
    expect(error.code).toBe("EPREBUILTMISSING");
    expect(error.details).toContain(`\`${ARM64}\`: no \`manifest-${ARM64}.json\``);
    expect(error.output).not.toMatch(/Building \S+ with cargo/);
    expect(await remoteTags(repo.remote)).toEqual(["v0.1.0"]);
    await expect(readdir(join(repo.cwd, "dist"))).rejects.toMatchObject({ code: "ENOENT" });
  });
});
