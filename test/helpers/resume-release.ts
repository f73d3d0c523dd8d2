import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { DistManifest } from "../../src/manifest/dist-manifest.js";
import { exec } from "../../src/util/exec.js";
import type { GitHubDemo } from "../stand-ins/github-demo.js";
import { git, gitCommit, type TestRepo } from "./git-utils.js";
import { repoRoot } from "./paths.js";

/** The GitHub-like URL the test repos release under (git rewrites it to the bare remote). */
export const PUBLIC_URL = "https://github.com/example/rgreet.git";
const cli = join(repoRoot, "dist/src/cli.js");

export { releasePlugins } from "./release-plugins.js";

/** Commits `.releaserc.json` with these plugins (what `resume` reads) and pushes it. */
export async function commitReleaseConfig(repo: TestRepo, plugins: unknown[]): Promise<void> {
  const config = { branches: ["main"], repositoryUrl: PUBLIC_URL, plugins };
  await writeFile(join(repo.cwd, ".releaserc.json"), `${JSON.stringify(config, null, 2)}\n`);
  await gitCommit(repo.cwd, "chore: release configuration");
  await git(repo.cwd, "push", "-q", "origin", "main");
}

/** A fresh clone of the remote at `tag`, beside the repo, as the job that resumes the release has it. */
export async function cloneAt(repo: TestRepo, tag: string, name = "job"): Promise<string> {
  const dir = join(repo.base, name);
  await git(repo.base, "clone", "-q", `file://${repo.remote}`, dir);
  await git(dir, "config", `url.file://${repo.remote}.insteadOf`, PUBLIC_URL);
  await git(dir, "checkout", "-q", tag);
  return dir;
}

/** Runs the built CLI's `resume` in `cwd`; never rejects. */
export const resumeCli = (cwd: string, args: string[], env: Record<string, string>) =>
  exec(process.execPath, [cli, "resume", ...args], { cwd, env: { ...process.env, ...env }, reject: false });

/**
 * The release of `tag` on the GitHub stand-in, and its fully uploaded assets as name → digest (the artifacts;
 * the `manifest.json` asset is left out, so that they compare with `releaseFiles`).
 */
export function releaseOf(github: GitHubDemo, tag = "v0.2.0") {
  const { state } = github.standIn;
  const release = state.releaseByTag("example", "rgreet", tag, true);
  const all = release ? state.assetsOf(release.id) : [];
  const uploaded = all.filter((a) => a.state === "uploaded" && a.name !== "manifest.json");
  return {
    release,
    assets: Object.fromEntries(uploaded.map((a) => [a.name, a.digest])),
    incomplete: all.filter((a) => a.state !== "uploaded").length,
  };
}

/** `{dir}/dist/manifest.json`; the error says what the release printed when there is none. */
export async function readDist(dir: string, output?: string): Promise<DistManifest> {
  const text = await readFile(join(dir, "dist/manifest.json"), "utf8").catch(() => {
    throw new Error(`no dist/manifest.json in ${dir}; the release printed:\n${output ?? "nothing"}`);
  });
  return JSON.parse(text) as DistManifest;
}

/** What belongs on the release page from a manifest (archives, checksums, SHA256SUMS), name → digest. */
export const releaseFiles = (m: DistManifest): Record<string, string> =>
  Object.fromEntries(
    m.artifacts
      .filter((a) => a.kind !== "binary")
      .map((a) => [a.path.split("/").pop() as string, `sha256:${a.sha256}`]),
  );
