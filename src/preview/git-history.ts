import { getError } from "../errors/get-error.js";
import { gitOut, type Git } from "../git/run.js";
import { exec } from "../util/exec.js";

const gitErr = (o: Git, ...args: string[]): Promise<string | undefined> =>
  exec("git", args, { cwd: o.cwd, env: o.env, reject: false }).then((r) =>
    r.code === 0 ? undefined : r.stderr.trim().split("\n").pop() || `git exited with ${r.code}`,
  );

/**
 * In a shallow checkout, fetches the whole history and the tags from origin (`--unshallow --tags`): the last
 * release and the commits since need them. `EPREVIEWSHALLOW` (naming `fetch-depth: 0`) when that fails.
 * Returns a note for the log when it fetched.
 */
export async function ensureHistory(o: Git): Promise<string | undefined> {
  if ((await gitOut(o, "rev-parse", "--is-shallow-repository")) !== "true") return undefined;
  const failed = await gitErr(o, "fetch", "--quiet", "--unshallow", "--tags", "origin");
  if (failed) throw getError("EPREVIEWSHALLOW", { reason: failed });
  return "The checkout was shallow: fetched the whole history and the tags from origin (set fetch-depth: 0 to skip this).";
}

/** The commit of a ref, or `undefined`. */
const commitOf = (o: Git, ref: string) => gitOut(o, "rev-parse", "-q", "--verify", `${ref}^{commit}`);

/** The base branch's commit: `origin/<base>`, else the local branch, else fetched from origin. `EPREVIEWBASE` otherwise. */
export async function baseCommit(o: Git, base: string): Promise<string> {
  const refs = [`refs/remotes/origin/${base}`, `refs/heads/${base}`];
  for (const ref of refs) {
    const sha = await commitOf(o, ref);
    if (sha) return sha;
  }
  const failed = await gitErr(
    o,
    "fetch",
    "--quiet",
    "origin",
    `+refs/heads/${base}:refs/remotes/origin/${base}`,
  );
  const sha = failed ? undefined : await commitOf(o, refs[0]!);
  if (sha) return sha;
  throw getError("EPREVIEWBASE", { base, reason: failed ?? "no such branch on origin" });
}

/**
 * The first of these branches that exists (as `origin/<name>` or a local branch, else on origin): semantic-release
 * only counts the configured branches that exist. `undefined` when none does.
 */
export async function firstExisting(o: Git, names: string[]): Promise<string | undefined> {
  for (const name of names) {
    if ((await commitOf(o, `refs/remotes/origin/${name}`)) || (await commitOf(o, `refs/heads/${name}`)))
      return name;
  }
  const remote = (await gitOut(o, "ls-remote", "--heads", "origin")) ?? "";
  const heads = new Set(remote.split("\n").map((l) => l.split("refs/heads/")[1]));
  return names.find((n) => heads.has(n));
}

/**
 * A detached merge ref (`refs/pull/N/merge` as `actions/checkout` checks it out): HEAD is detached with two parents,
 * the base branch's tip and the pull request's head. `undefined` for anything else.
 */
export async function mergeRefParents(o: Git): Promise<{ base: string; head: string } | undefined> {
  if ((await gitOut(o, "symbolic-ref", "-q", "HEAD")) !== undefined) return undefined;
  const [, base, head, ...more] = ((await gitOut(o, "rev-list", "--parents", "-n", "1", "HEAD")) ?? "").split(
    " ",
  );
  return base && head && more.length === 0 ? { base, head } : undefined;
}

/** One commit as the commit-analyzer reads it. */
export interface Commit {
  hash: string;
  message: string;
}

/** The commits of `head` that are not on `base` (from their merge base), newest first, as semantic-release lists them. */
export async function commitsBetween(o: Git, base: string, head: string): Promise<Commit[]> {
  const from = (await gitOut(o, "merge-base", base, head)) ?? base;
  const out = (await gitOut(o, "log", "--format=%H%x00%B%x1e", `${from}..${head}`)) ?? "";
  return out
    .split("\x1e")
    .map((entry) => entry.replace(/^\s+/, ""))
    .filter(Boolean)
    .map((entry) => {
      const [hash = "", message = ""] = entry.split("\x00");
      return { hash, message: message.trim() };
    });
}
