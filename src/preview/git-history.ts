import { getError } from "../errors/get-error.js";
import { gitOut, type Git } from "../git/run.js";
import { exec } from "../util/exec.js";

const gitErr = (o: Git, ...args: string[]): Promise<string | undefined> =>
  exec("git", args, { cwd: o.cwd, env: o.env, reject: false }).then((r) =>
    r.code === 0 ? undefined : r.stderr.trim().split("\n").pop() || `git exited with ${r.code}`,
  );

/** HEAD as the preview reads it, from one git call. */
export interface HeadState {
  /** HEAD's commit; `undefined` before the first commit. */
  commit?: string;
  shallow: boolean;
  /** HEAD is no branch (a detached checkout, such as a pull request's merge ref). */
  detached: boolean;
}

/** HEAD's commit, whether the clone is shallow and whether HEAD is detached: one `git rev-parse`. */
export async function headState(o: Git): Promise<HeadState> {
  const out = await gitOut(o, "rev-parse", "HEAD", "--is-shallow-repository", "--symbolic-full-name", "HEAD");
  const [commit, shallow, symbolic] = (out ?? "").split("\n");
  return { ...(commit ? { commit } : {}), shallow: shallow === "true", detached: symbolic === "HEAD" };
}

/**
 * In a shallow checkout, fetches the whole history and the tags from origin (`--unshallow --tags`): the last
 * release and the commits since need them. `EPREVIEWSHALLOW` (naming `fetch-depth: 0`) when that fails.
 * Returns a note for the log when it fetched.
 */
export async function ensureHistory(o: Git, head: HeadState): Promise<string | undefined> {
  if (!head.shallow) return undefined;
  const failed = await gitErr(o, "fetch", "--quiet", "--unshallow", "--tags", "origin");
  if (failed) throw getError("EPREVIEWSHALLOW", { reason: failed });
  return "The checkout was shallow: fetched the whole history and the tags from origin (set fetch-depth: 0 to skip this).";
}

/** The commit of a ref, or `undefined`. */
const commitOf = (o: Git, ref: string) => gitOut(o, "rev-parse", "-q", "--verify", `${ref}^{commit}`);

/** Every local branch and every branch of origin the clone knows (`refs/remotes/origin/*`), with its commit: one git call. */
export async function branchRefs(o: Git): Promise<Map<string, string>> {
  const out = await gitOut(
    o,
    "for-each-ref",
    "--format=%(refname) %(objectname)",
    "refs/heads",
    "refs/remotes/origin",
  );
  const pairs = (out ?? "").split("\n").map((line) => line.split(" ") as [string, string?]);
  return new Map(pairs.flatMap(([ref, commit]) => (commit ? [[ref, commit] as const] : [])));
}

/** A branch's commit as `origin/<name>`, else as the local branch, from `branchRefs`. */
const knownCommit = (refs: Map<string, string>, name: string) =>
  refs.get(`refs/remotes/origin/${name}`) ?? refs.get(`refs/heads/${name}`);

/** The base branch's commit: `origin/<base>`, else the local branch, else fetched from origin. `EPREVIEWBASE` otherwise. */
export async function baseCommit(o: Git, base: string, refs: Map<string, string>): Promise<string> {
  const known = knownCommit(refs, base);
  if (known) return known;
  const remote = `refs/remotes/origin/${base}`;
  const failed = await gitErr(o, "fetch", "--quiet", "origin", `+refs/heads/${base}:${remote}`);
  const sha = failed ? undefined : await commitOf(o, remote);
  if (sha) return sha;
  throw getError("EPREVIEWBASE", { base, reason: failed ?? "no such branch on origin" });
}

/**
 * The first of these branches that exists (as `origin/<name>` or a local branch, else on origin): semantic-release
 * only counts the configured branches that exist. `undefined` when none does.
 */
export async function firstExisting(
  o: Git,
  names: string[],
  refs: Map<string, string>,
): Promise<string | undefined> {
  const known = names.find((name) => knownCommit(refs, name));
  if (known) return known;
  const remote = (await gitOut(o, "ls-remote", "--heads", "origin")) ?? "";
  const heads = new Set(remote.split("\n").map((l) => l.split("refs/heads/")[1]));
  return names.find((n) => heads.has(n));
}

/**
 * A detached merge ref (`refs/pull/N/merge` as `actions/checkout` checks it out): HEAD is detached with two parents,
 * the base branch's tip and the pull request's head. `undefined` for anything else.
 */
export async function mergeRefParents(
  o: Git,
  state: HeadState,
): Promise<{ base: string; head: string } | undefined> {
  if (!state.detached) return undefined;
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

/**
 * The commits of `head` that are not on `base`, newest first, as semantic-release lists them: `base..head`, which
 * is also right when the two have several merge bases.
 */
export async function commitsBetween(o: Git, base: string, head: string): Promise<Commit[]> {
  const out = (await gitOut(o, "log", "--format=%H%x00%B%x1e", `${base}..${head}`)) ?? "";
  return out
    .split("\x1e")
    .map((entry) => entry.replace(/^\s+/, ""))
    .filter(Boolean)
    .map((entry) => {
      const [hash = "", message = ""] = entry.split("\x00");
      return { hash, message: message.trim() };
    });
}
