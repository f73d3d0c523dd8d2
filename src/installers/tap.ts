import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { getError } from "../errors/get-error.js";
import { exec, ExecError } from "../util/exec.js";
import type { TapInfo } from "./plan.js";

/** One formula to commit to a tap. */
export interface FormulaPush {
  tap: TapInfo;
  /** Path in the tap (`Formula/rgreet.rb`). */
  path: string;
  text: string;
  message: string;
  token: string | undefined;
  env: NodeJS.ProcessEnv;
}

/**
 * git's environment for the tap: the token as an `Authorization` header for the tap's origin only, through
 * `GIT_CONFIG_*` (never argv, never the remote URL, so never in a log), no prompts, a bot identity by default.
 */
export function tapGitEnv(p: Pick<FormulaPush, "tap" | "token" | "env">): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...p.env,
    GIT_TERMINAL_PROMPT: "0",
    GIT_AUTHOR_NAME: p.env.GIT_AUTHOR_NAME || "semantic-release-bot",
    GIT_AUTHOR_EMAIL: p.env.GIT_AUTHOR_EMAIL || "semantic-release-bot@martynus.net",
    GIT_COMMITTER_NAME: p.env.GIT_COMMITTER_NAME || "semantic-release-bot",
    GIT_COMMITTER_EMAIL: p.env.GIT_COMMITTER_EMAIL || "semantic-release-bot@martynus.net",
  };
  if (!p.token || !/^https?:\/\//.test(p.tap.url)) return env;
  const n = Number.parseInt(p.env.GIT_CONFIG_COUNT ?? "0", 10) || 0;
  const basic = Buffer.from(`x-access-token:${p.token}`).toString("base64");
  env[`GIT_CONFIG_KEY_${n}`] = `http.${new URL(p.tap.url).origin}/.extraHeader`;
  env[`GIT_CONFIG_VALUE_${n}`] = `Authorization: Basic ${basic}`;
  env.GIT_CONFIG_COUNT = String(n + 1);
  return env;
}

/** Runs git in `cwd`; a failure is `ETAPPUSH` naming the step, with the token blanked out of git's words. */
function gitIn(cwd: string, env: NodeJS.ProcessEnv, p: FormulaPush) {
  const secrets = p.token ? [p.token, Buffer.from(`x-access-token:${p.token}`).toString("base64")] : [];
  return async (step: string, args: string[], o: { reject?: boolean } = {}) => {
    try {
      return await exec("git", args, { cwd, env, ...o });
    } catch (error) {
      let reason = error instanceof ExecError ? error.result.stderr.trim() : String(error);
      for (const s of secrets) reason = reason.replaceAll(s, "[secure]");
      throw getError("ETAPPUSH", { tap: p.tap.display, step, reason: reason || "no output" });
    }
  };
}

/**
 * Commits the formula to the tap's default branch and pushes it. An unchanged formula makes no commit
 * (`unchanged`); a push that lost a race with another one starts again from the tap's new head (3 tries).
 */
export async function pushFormula(p: FormulaPush): Promise<"pushed" | "unchanged"> {
  const dir = await mkdtemp(join(tmpdir(), "srr-tap-"));
  try {
    const env = tapGitEnv(p);
    const git = gitIn(dir, env, p);
    await git("clone", ["clone", "--quiet", "--depth=1", "--", p.tap.url, "."]);
    const branch = (await git("branch", ["symbolic-ref", "--short", "HEAD"])).stdout.trim();
    for (let attempt = 1; attempt <= 3; attempt++) {
      await mkdir(dirname(join(dir, p.path)), { recursive: true });
      await writeFile(join(dir, p.path), p.text);
      await git("add", ["add", "--", p.path]);
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
