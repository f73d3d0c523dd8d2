import { exec } from "../util/exec.js";

/** Where git runs: the repository and the environment. */
export interface Git {
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** Runs git in `o.cwd`; its stdout trimmed. Rejects with an `ExecError` when git fails. */
export async function git(o: Git, ...args: string[]): Promise<string> {
  return (await exec("git", args, { cwd: o.cwd, env: o.env })).stdout.trim();
}

/** Runs git (read-only commands, or fetches from origin); trimmed stdout, `undefined` when it fails. */
export const gitOut = (o: Git, ...args: string[]): Promise<string | undefined> =>
  git(o, ...args).catch(() => undefined);

/** `remote.origin.url`, or `undefined` when there is no `origin`. */
export async function originUrl(o: Git): Promise<string | undefined> {
  // As semantic-release reads it: the configured URL, without git's `insteadOf` rewrites.
  return (await gitOut(o, "config", "--get", "remote.origin.url")) || undefined;
}
