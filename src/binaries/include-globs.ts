import { stat } from "node:fs/promises";
import { join, posix } from "node:path";
import { glob, isDynamicPattern } from "tinyglobby";
import { getError } from "../errors/get-error.js";
import { checkEntryPath, compareEntryPaths } from "./archive-paths.js";

export interface ResolvedInclude {
  /** Absolute path of the file on disk. */
  source: string;
  /** Path inside the archive's top folder. */
  dest: string;
  /** Executable on disk: packaged with mode 0755. */
  executable: boolean;
}

/** Files packaged by default when they exist at the workspace root (case-insensitive). */
export const DEFAULT_INCLUDES = ["README*", "LICENSE*", "CHANGELOG*", "demo", "configs"];

/** Splits `"from -> to"`; `to` is undefined without an arrow. */
export function parseIncludePattern(pattern: string): { from: string; to: string | undefined } {
  const arrow = pattern.indexOf("->");
  if (arrow < 0) return { from: pattern.trim(), to: undefined };
  return { from: pattern.slice(0, arrow).trim(), to: pattern.slice(arrow + 2).trim() };
}

/** The leading segments of a glob without wildcards (`docs/user/*.md` -> `docs/user`). */
function staticBase(from: string): string {
  const parts = from.split("/");
  const i = parts.findIndex((p) => isDynamicPattern(p));
  return parts.slice(0, i < 0 ? parts.length - 1 : i).join("/") || ".";
}

async function expand(rootDir: string, pattern: string, caseSensitive = true) {
  const { from, to } = parseIncludePattern(pattern);
  let glob_ = from.replace(/^\.\//, "");
  let base = staticBase(glob_);
  let folder = false;
  if (
    !isDynamicPattern(glob_) &&
    (await stat(join(rootDir, glob_)).then(
      (s) => s.isDirectory(),
      () => false,
    ))
  ) {
    base = glob_.replace(/\/+$/, "");
    glob_ = `${base}/**`;
    folder = true;
  }
  const files = await glob(glob_, {
    cwd: rootDir,
    dot: true,
    onlyFiles: true,
    followSymbolicLinks: true,
    expandDirectories: false,
    caseSensitiveMatch: caseSensitive,
    ignore: ["**/.git/**"],
  });
  files.sort(compareEntryPaths);
  const many = folder || files.length > 1 || isDynamicPattern(glob_);
  return files.map((rel) => {
    let dest = rel;
    if (to !== undefined) dest = to.endsWith("/") || many ? posix.join(to, posix.relative(base, rel)) : to;
    return { rel, dest };
  });
}

/**
 * Resolves `include` patterns (relative to `rootDir`, each optionally `"from -> to"`) to files and their archive
 * paths, plus README*, LICENSE* and CHANGELOG* at the root when `defaults` is set. A folder means all its files;
 * with `-> to/` the pattern's fixed leading folders are replaced by `to/`. Throws `EINCLUDENOMATCH` for a user
 * pattern that matches nothing, `EARCHIVEPATH` for a destination outside the archive, `EARCHIVEDUPLICATE` for two
 * files with one destination.
 */
export async function resolveIncludes(
  rootDir: string,
  patterns: string[],
  opts: { defaults: boolean },
): Promise<ResolvedInclude[]> {
  const byDest = new Map<string, ResolvedInclude>();
  const sources = new Set<string>();
  const add = async (rel: string, dest: string, isDefault: boolean) => {
    const source = join(rootDir, rel);
    const previous = byDest.get(dest);
    if (isDefault && (previous || sources.has(source))) return;
    if (previous) {
      if (previous.source === source) return;
      throw getError("EARCHIVEDUPLICATE", { path: dest, sources: [previous.source, source] });
    }
    checkEntryPath(dest);
    const mode = (await stat(source)).mode;
    byDest.set(dest, { source, dest, executable: (mode & 0o111) !== 0 });
    sources.add(source);
  };
  for (const pattern of patterns) {
    const files = await expand(rootDir, pattern);
    if (files.length === 0) throw getError("EINCLUDENOMATCH", { pattern, root: rootDir });
    for (const f of files) await add(f.rel, f.dest, false);
  }
  if (opts.defaults) {
    for (const pattern of DEFAULT_INCLUDES) {
      for (const f of await expand(rootDir, pattern, false)) await add(f.rel, f.dest, true);
    }
  }
  return [...byDest.values()].sort((a, b) => compareEntryPaths(a.dest, b.dest));
}
