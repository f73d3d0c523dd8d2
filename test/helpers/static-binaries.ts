import { createHash } from "node:crypto";
import { copyFile, mkdir, readFile, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exec } from "../../src/util/exec.js";
import { readManifest, writeManifest, type Artifact } from "../../src/manifest/dist-manifest.js";
import { ARM64, debianCrossEnv } from "./cross-toolchain.js";
import { copyExamples, gitCommit, gitRepo, type TestRepo } from "./git-utils.js";

export const AMD64 = "x86_64-unknown-linux-gnu";
export const STATIC_TARGETS = [AMD64, ARM64] as const;

/** A target dir of its own: `+crt-static` RUSTFLAGS would rebuild the shared one from scratch every time. */
export const staticTargetDir = join(tmpdir(), "srr-cargo-target-static");

/**
 * Builds the workspace in `workspace` (default examples/) for x86_64 and aarch64 linux-gnu as static binaries
 * (`-C target-feature=+crt-static`, good for `FROM scratch`) with Debian's toolchain, stages `rgreet` under
 * `{distDir}/bin/{target}/` and writes the dist manifest with "binary" entries, as the Binaries plugin does.
 */
export async function stageStaticBinaries(o: {
  workspace: string;
  distDir: string;
  version: string;
  gitHead?: string;
  env?: NodeJS.ProcessEnv;
}): Promise<Artifact[]> {
  const env = {
    ...debianCrossEnv(o.env ?? process.env),
    RUSTFLAGS: "-C target-feature=+crt-static",
    CARGO_TARGET_DIR: staticTargetDir,
  };
  const args = ["build", "--release", "--manifest-path", join(o.workspace, "Cargo.toml"), "-p", "rgreet"];
  for (const t of STATIC_TARGETS) args.push("--target", t);
  await exec("/usr/bin/cargo", args, { cwd: o.workspace, env });
  const artifacts: Artifact[] = [];
  for (const target of STATIC_TARGETS) {
    const rel = `bin/${target}/rgreet`;
    await mkdir(join(o.distDir, "bin", target), { recursive: true });
    await copyFile(join(staticTargetDir, target, "release", "rgreet"), join(o.distDir, rel));
    const data = await readFile(join(o.distDir, rel));
    artifacts.push({
      path: rel,
      kind: "binary",
      target,
      binary: "rgreet",
      size: (await stat(join(o.distDir, rel))).size,
      sha256: createHash("sha256").update(data).digest("hex"),
    });
  }
  await writeManifest(o.distDir, {
    schemaVersion: 1,
    version: o.version,
    ...(o.gitHead ? { gitHead: o.gitHead } : {}),
    artifacts,
  });
  return artifacts;
}

/**
 * Marks the staged binaries as the next release's (`version` in the dist manifest), as the Binaries plugin's
 * prepare does after rebuilding: a shortcut for tests that release several versions from one build.
 */
export async function restampManifest(distDir: string, version: string): Promise<void> {
  const manifest = await readManifest(distDir);
  if (!manifest) throw new Error(`no dist manifest in ${distDir}`);
  await writeManifest(distDir, { ...manifest, version });
}

/** A test repo with examples/ committed and its static binaries staged in `dist/` as `version`'s. */
export async function stagedExamplesRepo(version: string): Promise<{ repo: TestRepo; head: string }> {
  const repo = await gitRepo();
  await copyExamples(repo.cwd);
  const head = await gitCommit(repo.cwd, "chore: import");
  await stageStaticBinaries({ workspace: repo.cwd, distDir: join(repo.cwd, "dist"), version, gitHead: head });
  return { repo, head };
}
