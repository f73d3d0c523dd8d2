import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { exec, ExecError } from "../util/exec.js";

/** A git repository files are pushed to (a Homebrew tap, a Scoop bucket). */
export interface PushRepo {
  /** The git URL cloned and pushed. */
  url: string;
  /** How logs and the preview name it (`owner/homebrew-tap`, or the URL). */
  display: string;
}

/** Files to commit to a repository's default branch in one commit. */
export interface FilesPush {
  repo: PushRepo;
  /** Paths in the repository (`Formula/rgreet.rb`, `bucket/rgreet.json`) with their text. */
  files: { path: string; text: string }[];
  message: string;
  token: string | undefined;
  env: NodeJS.ProcessEnv;
  /** The coded error of a failed git step; `reason` is git's words with the token blanked out. */
  failure: (step: string, reason: string) => Error;
}

/**
 * git's environment for the repository: the token as an `Authorization` header for its origin only, through
 * `GIT_CONFIG_*` (never argv, never the remote URL, so never in a log), no prompts, a bot identity by default.
 */
export function pushGitEnv(p: Pick<FilesPush, "repo" | "token" | "env">): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...p.env,
    GIT_TERMINAL_PROMPT: "0",
    GIT_AUTHOR_NAME: p.env.GIT_AUTHOR_NAME || "semantic-release-bot",
    GIT_AUTHOR_EMAIL: p.env.GIT_AUTHOR_EMAIL || "semantic-release-bot@martynus.net",
    GIT_COMMITTER_NAME: p.env.GIT_COMMITTER_NAME || "semantic-release-bot",
    GIT_COMMITTER_EMAIL: p.env.GIT_COMMITTER_EMAIL || "semantic-release-bot@martynus.net",
  };
  if (!p.token || !/^https?:\/\//.test(p.repo.url)) return env;
  const n = Number.parseInt(p.env.GIT_CONFIG_COUNT ?? "0", 10) || 0;
  const basic = Buffer.from(`x-access-token:${p.token}`).toString("base64");
  env[`GIT_CONFIG_KEY_${n}`] = `http.${new URL(p.repo.url).origin}/.extraHeader`;
  env[`GIT_CONFIG_VALUE_${n}`] = `Authorization: Basic ${basic}`;
  env.GIT_CONFIG_COUNT = String(n + 1);
  return env;
}

/** Runs git in `cwd`; a failure is `p.failure` naming the step, with the token blanked out of git's words. */
function gitIn(cwd: string, env: NodeJS.ProcessEnv, p: FilesPush) {
  const secrets = p.token ? [p.token, Buffer.from(`x-access-token:${p.token}`).toString("base64")] : [];
  return async (step: string, args: string[], o: { reject?: boolean } = {}) => {
    try {
      return await exec("git", args, { cwd, env, ...o });
    } catch (error) {
      let reason = error instanceof ExecError ? error.result.stderr.trim() : String(error);
      for (const s of secrets) reason = reason.replaceAll(s, "[secure]");
      throw p.failure(step, reason || "no output");
    }
  };
}

/**
 * Commits the files to the repository's default branch and pushes them. Unchanged files make no commit
 * (`unchanged`); a push that lost a race with another one starts again from the new head (3 tries).
 */
export async function pushFiles(p: FilesPush): Promise<"pushed" | "unchanged"> {
  const dir = await mkdtemp(join(tmpdir(), "srr-push-"));
  try {
    const git = gitIn(dir, pushGitEnv(p), p);
    await git("clone", ["clone", "--quiet", "--depth=1", "--", p.repo.url, "."]);
    const branch = (await git("branch", ["symbolic-ref", "--short", "HEAD"])).stdout.trim();
    const paths = p.files.map((f) => f.path);
    for (let attempt = 1; attempt <= 3; attempt++) {
      for (const f of p.files) {
        await mkdir(dirname(join(dir, f.path)), { recursive: true });
        await writeFile(join(dir, f.path), f.text);
      }
      await git("add", ["add", "--", ...paths]);
      const same = await git("diff", ["diff", "--cached", "--quiet"], { reject: false });
      if (same.code === 0) return "unchanged";
      await git("commit", ["commit", "--quiet", "-m", p.message]);
      const push = await git("push", ["push", "--quiet", "origin", `HEAD:refs/heads/${branch}`], {
        reject: attempt === 3,
      });
      if (push.code === 0) return "pushed";
      await git("fetch", ["fetch", "--quiet", "--depth=1", "origin", `refs/heads/${branch}`]);
      await git("reset", ["reset", "--quiet", "--hard", "FETCH_HEAD"]);
    }
    return "pushed";
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const GITHUB_SHORTHAND = /^[\w.-]+\/[\w.-]+$/;

/** A repository option: `owner/name` on github.com, or a git URL (shown without credentials). */
export function pushRepoOf(spec: string): PushRepo {
  const shorthand = GITHUB_SHORTHAND.test(spec);
  const url = shorthand ? `https://github.com/${spec}.git` : spec;
  return { url, display: shorthand ? spec : url.replace(/\/\/[^@/]*@/, "//") };
}
