import { cp, mkdir, mkdtemp, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exec } from "../../src/util/exec.js";
import { examplesDir, repoRoot } from "./paths.js";

/** A git identity for commits made in tests (no global git config needed). */
export const gitEnv: Record<string, string> = {
  GIT_AUTHOR_NAME: "Test Author",
  GIT_AUTHOR_EMAIL: "author@example.invalid",
  GIT_COMMITTER_NAME: "Test Author",
  GIT_COMMITTER_EMAIL: "author@example.invalid",
};

/** Runs git in `cwd` with the test identity; returns trimmed stdout. */
export async function git(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await exec("git", args, { cwd, env: { ...process.env, ...gitEnv } });
  return stdout.trim();
}

export interface TestRepo {
  /** Parent temp folder, holding `repo/`, `remote.git/` and a `node_modules/` that links this package. */
  base: string;
  cwd: string;
  remote: string;
  repositoryUrl: string;
}

/** A clone on branch `main` of a new bare `file://` remote, beside a node_modules linking this package. */
export async function gitRepo(): Promise<TestRepo> {
  const base = await mkdtemp(join(tmpdir(), "srr-repo-"));
  const remote = join(base, "remote.git");
  const cwd = join(base, "repo");
  await exec("git", ["init", "-q", "--bare", "-b", "main", remote]);
  await mkdir(cwd);
  await git(cwd, "init", "-q", "-b", "main");
  await git(cwd, "remote", "add", "origin", `file://${remote}`);
  await mkdir(join(base, "node_modules"));
  await symlink(repoRoot, join(base, "node_modules", "semantic-release-rust"), "dir");
  return { base, cwd, remote, repositoryUrl: `file://${remote}` };
}

/** Stages everything and commits; returns the commit sha. */
export async function gitCommit(cwd: string, message: string): Promise<string> {
  await git(cwd, "add", "-A");
  await git(cwd, "commit", "-q", "--allow-empty", "-m", message);
  return git(cwd, "rev-parse", "HEAD");
}

/** Copies examples/ (without build output) into `cwd`. */
export async function copyExamples(cwd: string): Promise<void> {
  await cp(examplesDir, cwd, {
    recursive: true,
    filter: (src) => !/\/examples\/(target|dist)(\/|$)/.test(src),
  });
}

/**
 * Copies examples/ into a temp repo, commits, tags `v{lastVersion}` (default 0.1.0, as in the manifests),
 * adds a `feat:` commit and pushes everything. With `publicUrl`, `repositoryUrl` is that URL, which git in the
 * clone rewrites to the bare remote.
 */
export async function initExamplesRepo(
  opts: { lastVersion?: string; publicUrl?: string } = {},
): Promise<TestRepo> {
  const repo = await gitRepo();
  if (opts.publicUrl) {
    // Git rewrites the public URL to the bare remote, so plugins see a GitHub-like repositoryUrl.
    await git(repo.cwd, "config", `url.${repo.repositoryUrl}.insteadOf`, opts.publicUrl);
    repo.repositoryUrl = opts.publicUrl;
  }
  await copyExamples(repo.cwd);
  await gitCommit(repo.cwd, "chore: initial import");
  await git(repo.cwd, "tag", `v${opts.lastVersion ?? "0.1.0"}`);
  await gitCommit(repo.cwd, "feat: greet in more languages");
  await git(repo.cwd, "push", "-q", "--follow-tags", "origin", "main");
  await git(repo.cwd, "push", "-q", "origin", "--tags");
  return repo;
}

/** Tags on the remote, sorted. */
export async function remoteTags(remote: string): Promise<string[]> {
  const out = await git(remote, "tag", "--list");
  return out.split("\n").filter(Boolean).sort();
}

/** Removes a test repo and everything beside it. */
export const removeRepo = (repo: TestRepo): Promise<void> => rm(repo.base, { recursive: true, force: true });
