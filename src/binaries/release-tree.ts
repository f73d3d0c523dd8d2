import { lstat, realpath } from "node:fs/promises";
import { isAbsolute, join, posix, relative, sep } from "node:path";
import { getError } from "../errors/get-error.js";
import { linkTargets, modifiedTrackedFiles, trackedFiles } from "../git/release-files.js";

/** One file the release packages from: tracked in `HEAD`, or written by the release's own prepare steps. */
interface TreeFile {
  mode: "100644" | "100755" | "120000";
  /** True for a file the release writes (manifests, Cargo.lock, changelog): packaged as it is on disk. */
  written: boolean;
}

/** The release commit's files under the workspace root, as plain data. */
export interface ReleaseTree {
  /** The workspace root, links resolved. */
  root: string;
  /** Paths relative to `root`, `/`-separated. */
  files: Map<string, TreeFile>;
  /** Every folder holding a file ("" is the root). */
  dirs: Set<string>;
  /** Target of every tracked link, from its blob. */
  links: Map<string, string>;
  /** Tracked files that differ from `HEAD` on disk (modified, deleted, type changed) and are not release-written. */
  modified: Set<string>;
}

const inside = (root: string, path: string): string | undefined => {
  const rel = relative(root, path);
  return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel))
    ? rel.split(sep).join("/")
    : undefined;
};

/**
 * Reads the release tree of the workspace at `rootDir`: the files of `HEAD`, plus the files of `written` that
 * exist on disk as regular files (a new CHANGELOG.md). Read-only; throws `ENOGITCOMMIT` outside a git commit.
 */
export async function readReleaseTree(
  rootDir: string,
  env: NodeJS.ProcessEnv,
  written: ReadonlySet<string> = new Set(),
): Promise<ReleaseTree> {
  const root = await realpath(rootDir);
  let tracked;
  try {
    tracked = await trackedFiles(root, env);
  } catch (error) {
    throw getError("ENOGITCOMMIT", { cwd: rootDir, error: (error as Error).message });
  }
  const writtenRel = new Set<string>();
  for (const path of written) {
    const rel = inside(root, path) ?? inside(rootDir, path);
    if (rel) writtenRel.add(rel);
  }
  const files = new Map<string, TreeFile>();
  for (const f of tracked) files.set(f.rel, { mode: f.mode, written: writtenRel.has(f.rel) });
  for (const rel of writtenRel) {
    if (files.has(rel)) continue;
    const st = await lstat(join(root, rel)).catch(() => undefined);
    if (st?.isFile() && (await realpath(join(root, rel))) === join(root, rel))
      files.set(rel, { mode: st.mode & 0o111 ? "100755" : "100644", written: true });
  }
  const dirs = new Set<string>([""]);
  for (const rel of files.keys())
    for (let d = posix.dirname(rel); d !== "."; d = posix.dirname(d)) dirs.add(d);
  const modified = new Set<string>();
  for (const abs of await modifiedTrackedFiles(root, env)) {
    const rel = inside(root, abs);
    if (rel !== undefined && files.has(rel) && !files.get(rel)?.written) modified.add(rel);
  }
  const linkOids = tracked.filter((f) => f.mode === "120000").map((f) => [f.rel, f.oid] as const);
  const targets = await linkTargets(
    root,
    env,
    linkOids.map(([, oid]) => oid),
  );
  const links = new Map(linkOids.map(([rel], i) => [rel, targets[i] ?? ""]));
  return { root, files, dirs, links, modified };
}

/** Where a path of the tree leads once every tracked link on the way is followed, or why it cannot. */
type Resolved = { kind: "file" | "dir"; rel: string } | { kind: "error"; reason: string; outside: boolean };

/** Most links followed while resolving one path, as in Linux (`ELOOP`). */
const MAX_HOPS = 40;

/**
 * Resolves `path` (relative to the root) inside the release tree, following tracked links the way the kernel
 * would (`..` after a link is taken from the link's target). Never reads the disk. Pure.
 */
export function resolveInTree(tree: ReleaseTree, path: string): Resolved {
  const queue = path.split("/");
  const out: string[] = [];
  let hops = 0;
  const fail = (reason: string, outside = false): Resolved => ({ kind: "error", reason, outside });
  while (queue.length > 0) {
    const part = queue.shift() as string;
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (out.length === 0) return fail("it leads outside the workspace", true);
      out.pop();
      continue;
    }
    if (part === ".git") return fail("it goes through the `.git` folder", true);
    out.push(part);
    const target = tree.links.get(out.join("/"));
    if (target === undefined) continue;
    if (++hops > MAX_HOPS) return fail("the links form a loop");
    if (target === "") return fail("the link is empty");
    if (target.startsWith("/") || /^[A-Za-z]:/.test(target))
      return fail(`the link \`${out.join("/")}\` is absolute`, true);
    if (target.includes("\\")) return fail(`the link \`${out.join("/")}\` has a backslash`, true);
    out.pop();
    queue.unshift(...target.split("/"));
  }
  const rel = out.join("/");
  if (tree.files.has(rel)) return { kind: "file", rel };
  if (tree.dirs.has(rel)) return { kind: "dir", rel };
  return fail(`\`${rel}\` is not in the release commit (a dangling link, or an untracked file)`);
}

/** Names git can store but an archive must not carry: control characters such as a newline. */
export const hasControlChars = (path: string): boolean => /[\u0000-\u001f\u007f]/.test(path);

/** Children of every folder of the tree, as `readdir(..., { withFileTypes: true })` gives them. */
function children(tree: ReleaseTree): Map<string, { name: string; dir: boolean }[]> {
  const byDir = new Map<string, { name: string; dir: boolean }[]>();
  const add = (rel: string, dir: boolean) => {
    const parent = posix.dirname(rel);
    const key = parent === "." ? "" : parent;
    byDir.set(key, [...(byDir.get(key) ?? []), { name: posix.basename(rel), dir }]);
  };
  for (const d of tree.dirs) if (d !== "") add(d, true);
  for (const f of tree.files.keys()) add(f, false);
  return byDir;
}

/** Control characters shown as U+FFFD to the glob matcher, which skips names with a newline. */
const shown = (name: string): string => name.replace(/[\u0000-\u001f\u007f]/g, "\ufffd");

/**
 * A read-only file system adapter for tinyglobby showing only the release tree under `tree.root`: globs match the
 * release commit's paths, never the disk. Links appear as files, so they are matched but never followed. Names
 * with control characters are shown with U+FFFD instead, so that they are matched (and refused), never skipped;
 * `realOf` gives the real path of a matched one.
 */
export function treeFs(tree: ReleaseTree) {
  const byDir = children(tree);
  const shownDirs = new Map<string, string>([["", ""]]);
  const real = new Map<string, string>();
  for (const d of tree.dirs) shownDirs.set(shown(d), d);
  for (const f of tree.files.keys()) real.set(shown(f), f);
  const list = (path: string) => {
    const rel = inside(tree.root, String(path));
    const dir = rel === undefined ? undefined : shownDirs.get(rel);
    return (byDir.get(dir ?? "\0") ?? []).map(({ name, dir }) => ({
      name: shown(name),
      isFile: () => !dir,
      isDirectory: () => dir,
      isSymbolicLink: () => false,
    }));
  };
  const missing = (path: unknown) => Object.assign(new Error(`ENOENT: ${String(path)}`), { code: "ENOENT" });
  const fs = {
    readdir: (path: unknown, _opts: unknown, cb: (e: Error | null, entries: unknown[]) => void) =>
      cb(null, list(String(path))),
    readdirSync: (path: unknown) => list(String(path)),
    realpath: (path: unknown, cb: (e: Error | null) => void) => cb(missing(path)),
    realpathSync: (path: unknown) => {
      throw missing(path);
    },
    stat: (path: unknown, cb: (e: Error | null) => void) => cb(missing(path)),
    statSync: (path: unknown) => {
      throw missing(path);
    },
  };
  return { fs, realOf: (matched: string): string => real.get(matched) ?? matched };
}
