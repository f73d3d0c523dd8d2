import { posix } from "node:path";
import { glob, isDynamicPattern, type GlobOptions } from "tinyglobby";
import { getError, throwAll } from "../errors/get-error.js";
import type { SemanticReleaseError } from "../errors/semantic-release-error.js";
import { compareEntryPaths } from "./archive-paths.js";
import { packagedEntries } from "./include-entries.js";
import { expandGenerated } from "./include-generated.js";
import { readReleaseTree, resolveInTree, treeFs, type ReleaseTree } from "./release-tree.js";

export interface ResolvedInclude {
  /** Path inside the archive's top folder. */
  dest: string;
  /** Absolute path of the regular file whose bytes are packaged (absent for a link). */
  source?: string;
  /** A link kept as a link: its target relative to `dest`'s folder, inside the archive. */
  linkTarget?: string;
  /** Mode 0755 in the archive (git mode `100755`, or an executable generated file). */
  executable: boolean;
  /** Where it comes from, relative to the workspace root (absolute for a generated file outside it). */
  from: string;
  /** Packaged from disk: a file the release writes (manifest, Cargo.lock, changelog) or `includeGenerated`. */
  onDisk?: "written" | "generated";
}

interface IncludeOptions {
  /** Also package README*, LICENSE*, CHANGELOG*, demo/ and configs/ found at the root. */
  defaults: boolean;
  env: NodeJS.ProcessEnv;
  /** `includeGenerated` patterns: build outputs packaged from disk, inside the workspace or `targetDir`. */
  generated?: readonly string[];
  /** The cargo target folder (`{targetDir}` in `generated` patterns). */
  targetDir?: string;
  /** Files the release's own prepare steps write (`releaseWrittenFiles`): packaged as they are on disk. */
  written?: ReadonlySet<string>;
  /** Only check (verifyConditions): generated files do not exist yet, only their folders are checked. */
  checkOnly?: boolean;
}

/** Files packaged by default when they exist at the workspace root (case-insensitive). */
const DEFAULT_INCLUDES = ["README*", "LICENSE*", "CHANGELOG*", "demo", "configs"];

/** Splits `"from -> to"`; `to` is undefined without an arrow. */
export function parseIncludePattern(pattern: string): { from: string; to: string | undefined } {
  const arrow = pattern.indexOf("->");
  if (arrow < 0) return { from: pattern.trim(), to: undefined };
  return { from: pattern.slice(0, arrow).trim(), to: pattern.slice(arrow + 2).trim() };
}

/** The leading segments of a glob without wildcards (`docs/user/*.md` -> `docs/user`, `*.md` -> ``). */
export function staticBase(from: string): string {
  const parts = from.split("/");
  const i = parts.findIndex((p) => isDynamicPattern(p));
  return parts.slice(0, i < 0 ? parts.length - 1 : i).join("/");
}

/**
 * Where a file matched under `sourceBase` goes: its path under `nameBase` (the pattern's own folder) without
 * `to`; under `to` when it ends in `/` or the pattern matches many files; else `to` itself.
 */
export function destOf(o: { rel: string; sourceBase: string; nameBase: string; to?: string; many: boolean }) {
  const tail = posix.relative(o.sourceBase, o.rel);
  if (o.to === undefined) return posix.join(o.nameBase, tail);
  return o.to.endsWith("/") || o.many ? posix.join(o.to, tail) : o.to;
}

export interface Match {
  rel: string;
  dest: string;
}

/**
 * The files of the release tree one pattern names, with their archive paths. The pattern's fixed leading folders
 * are resolved through tracked links and must stay inside the workspace, else `EARCHIVEPATH`.
 */
async function expand(tree: ReleaseTree, pattern: string, caseSensitive: boolean): Promise<Match[]> {
  const { from, to } = parseIncludePattern(pattern);
  const outside = (reason: string) => getError("EARCHIVEPATH", { path: from, reason });
  if (from.startsWith("/") || /^[A-Za-z]:/.test(from))
    throw outside("it is absolute (include patterns are relative to the workspace root)");
  const path = posix
    .normalize(from)
    .replace(/^(\.\/)+/, "")
    .replace(/\/+$/, "");
  const opts = { to, many: true } as const;
  const one = (rel: string): Match[] => [
    { rel, dest: to === undefined ? path : to.endsWith("/") ? posix.join(to, posix.basename(path)) : to },
  ];
  if (!isDynamicPattern(path)) {
    if (tree.files.has(path)) return one(path);
    const r = resolveInTree(tree, path);
    if (r.kind === "error") {
      if (r.outside) throw outside(r.reason);
      return [];
    }
    if (r.kind === "file") return one(r.rel);
    const under = [...tree.files.keys()].filter((f) => r.rel === "" || f.startsWith(`${r.rel}/`));
    return under
      .sort(compareEntryPaths)
      .map((rel) => ({ rel, dest: destOf({ rel, sourceBase: r.rel, nameBase: path, ...opts }) }));
  }
  const nameBase = staticBase(path);
  let sourceBase = nameBase;
  if (nameBase !== "") {
    const r = resolveInTree(tree, nameBase);
    if (r.kind === "error" && r.outside) throw outside(r.reason);
    if (r.kind !== "dir") return [];
    sourceBase = r.rel;
  }
  const rest = nameBase === "" ? path : path.slice(nameBase.length + 1);
  const { fs, realOf } = treeFs(tree);
  const found = await glob(rest, {
    cwd: posix.join(tree.root, sourceBase),
    fs: fs as unknown as GlobOptions["fs"],
    dot: true,
    onlyFiles: true,
    followSymbolicLinks: false,
    expandDirectories: false,
    caseSensitiveMatch: caseSensitive,
  });
  return found
    .map((m) => realOf(posix.join(sourceBase, m)))
    .sort(compareEntryPaths)
    .map((rel) => ({ rel, dest: destOf({ rel, sourceBase, nameBase, ...opts }) }));
}

/**
 * Resolves `include` patterns (relative to `rootDir`, each optionally `"from -> to"`) against the files of the
 * release commit (`HEAD`), never the disk, plus README*, LICENSE*, CHANGELOG*, demo/ and configs/ with `defaults`,
 * and the `generated` build outputs. Reports every problem at once: `EINCLUDENOMATCH` (a user pattern matches
 * nothing), `EARCHIVEPATH` (outside the workspace or the archive, control characters), `EARCHIVEDUPLICATE`,
 * `EUNCOMMITTEDFILE` (a packaged file differs from `HEAD` on disk) and `EINCLUDELINK` (a link leaving the
 * workspace, absolute, dangling or looping). Read-only.
 */
export async function resolveIncludes(
  rootDir: string,
  patterns: readonly string[],
  o: IncludeOptions,
): Promise<ResolvedInclude[]> {
  const tree = await readReleaseTree(rootDir, o.env, o.written);
  const problems: SemanticReleaseError[] = [];
  const collect = async <T>(f: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await f();
    } catch (error) {
      if (!(error as { semanticRelease?: boolean }).semanticRelease) throw error;
      problems.push(error as SemanticReleaseError);
      return undefined;
    }
  };
  const chosen: (Match & { isDefault: boolean })[] = [];
  for (const pattern of patterns) {
    const files = await collect(() => expand(tree, pattern, true));
    if (files?.length === 0) problems.push(getError("EINCLUDENOMATCH", { pattern, root: rootDir }));
    for (const f of files ?? []) chosen.push({ ...f, isDefault: false });
  }
  if (o.defaults) {
    for (const pattern of DEFAULT_INCLUDES)
      for (const f of (await collect(() => expand(tree, pattern, false))) ?? [])
        chosen.push({ ...f, isDefault: true });
  }
  const generated: ResolvedInclude[] = [];
  for (const pattern of o.generated ?? []) {
    const found = await collect(() => expandGenerated(tree.root, pattern, o));
    generated.push(...(found ?? []));
  }
  const entries = await packagedEntries(tree, chosen, generated, problems);
  throwAll(problems);
  return entries;
}
