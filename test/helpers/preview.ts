import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { repoRoot } from "./paths.js";
import { git, gitCommit, gitEnv, gitRepo, type TestRepo } from "./git-utils.js";
import type { PreviewReport } from "../../src/preview/report.js";

const run = promisify(execFile);
const cli = join(repoRoot, "dist/src/cli.js");

/** The environment of a run: this process's without any GitHub Actions or token variable, plus `env`. */
export function cleanEnv(env: Record<string, string> = {}): NodeJS.ProcessEnv {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(GITHUB_|GH_TOKEN$|RUNNER_)/.test(k)),
  );
  return { ...base, ...gitEnv, ...env };
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `semantic-release-rust preview` with the real CLI in `cwd`; never throws. */
export async function preview(
  cwd: string,
  args: string[] = [],
  env: Record<string, string> = {},
): Promise<CliRun> {
  try {
    const { stdout, stderr } = await run("node", [cli, "preview", ...args], { cwd, env: cleanEnv(env) });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

/** `preview --json`, parsed (fails the test with stderr when it did not exit 0). */
export async function previewJson(cwd: string, args: string[] = [], env: Record<string, string> = {}) {
  const res = await preview(cwd, ["--json", ...args], env);
  if (res.code !== 0) throw new Error(`preview exited ${res.code}: ${res.stderr}`);
  return JSON.parse(res.stdout) as PreviewReport;
}

/**
 * A repository with a bare remote: `.releaserc.json` with these options (no plugin of this bundle, so no plan),
 * a first commit on `main` tagged `lastTag` (none when null) and pushed.
 */
export async function releasedRepo(
  releaserc: Record<string, unknown> = {},
  lastTag: string | null = "v0.1.0",
): Promise<TestRepo> {
  const repo = await gitRepo();
  const config = { plugins: ["@semantic-release/commit-analyzer"], ...releaserc };
  await writeFile(join(repo.cwd, ".releaserc.json"), `${JSON.stringify(config, null, 2)}\n`);
  await gitCommit(repo.cwd, "chore: initial import");
  if (lastTag) await git(repo.cwd, "tag", lastTag);
  await git(repo.cwd, "push", "-q", "origin", "main", "--tags");
  return repo;
}

/** Checks out a new branch from `from` with these commit messages (empty commits). */
export async function branchWith(repo: TestRepo, name: string, messages: string[], from = "main") {
  await git(repo.cwd, "checkout", "-q", "-b", name, from);
  for (const m of messages) await gitCommit(repo.cwd, m);
}
