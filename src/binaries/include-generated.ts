import { lstat, readdir, realpath, stat } from "node:fs/promises";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { escapePath, glob, isDynamicPattern, type GlobOptions } from "tinyglobby";
import { getError } from "../errors/get-error.js";
import { compareEntryPaths } from "./archive-paths.js";
import { destOf, parseIncludePattern, staticBase, type ResolvedInclude } from "./include-globs.js";

/**
 * The real file system for tinyglobby, with links shown as files: they are matched (then resolved and checked)
 * but never descended into, so a link to `/` or `~` is never crawled.
 */
const linksAsFiles = {
  readdir: (
    path: string,
    _options: unknown,
    cb: (error: NodeJS.ErrnoException | null, entries: unknown[]) => void,
  ) =>
    readdir(path, { withFileTypes: true }).then(
      (entries) =>
        cb(
          null,
          entries.map((d) => ({
            name: d.name,
            isFile: () => d.isFile() || d.isSymbolicLink(),
            isDirectory: () => d.isDirectory(),
            isSymbolicLink: () => false,
          })),
        ),
      (error: NodeJS.ErrnoException) => cb(error, []),
    ),
} as unknown as GlobOptions["fs"];

const within = (dir: string, path: string): boolean => {
  const rel = relative(dir, path);
  return rel === "" || (rel !== ".." && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
};

/** A pattern without wildcards: a folder is globbed whole, a file by its escaped name; missing is `noMatch`. */
async function staticGlob(
  abs: string,
  noMatch: () => Error,
): Promise<{ globBase: string; globPattern: string }> {
  const st = await stat(abs).catch(() => undefined);
  if (!st) throw noMatch();
  return st.isDirectory()
    ? { globBase: abs, globPattern: "**" }
    : { globBase: dirname(abs), globPattern: escapePath(basename(abs)) };
}

/** A found file with links resolved: it must exist, lie inside, and be a file (not a folder). */
async function resolvedFile(
  file: string,
  isInside: (real: string) => boolean,
  fail: (reason: string) => Error,
  outsideReason: string,
) {
  const real = await realpath(file).catch(() => undefined);
  if (real === undefined) throw fail("it is a dangling link");
  if (!isInside(real)) throw fail(`it is a link to \`${real}\`, ${outsideReason}`);
  const st = await lstat(real);
  if (!st.isFile()) throw fail("it is a link to a folder: name the folder's files instead");
  return { real, st };
}

/**
 * The build outputs one `includeGenerated` pattern names (relative to the workspace root `root`, or starting with
 * `{targetDir}`), read from disk. Every file, links resolved, must lie inside the workspace or the cargo target
 * folder, else `EARCHIVEPATH`; a link is packaged as a copy of what it points to. With `checkOnly`, only the
 * pattern's folder is checked (the build has not run yet).
 */
export async function expandGenerated(
  root: string,
  pattern: string,
  o: { targetDir?: string; checkOnly?: boolean },
): Promise<ResolvedInclude[]> {
  const { from, to } = parseIncludePattern(pattern);
  const fail = (path: string, reason: string) => getError("EARCHIVEPATH", { path, reason });
  const targetDir = o.targetDir ? resolve(root, o.targetDir) : undefined;
  let path = from.replace(/\/+$/, "");
  if (/^\{targetDir\}(\/|$)/.test(path)) {
    if (!targetDir) throw fail(from, "the cargo target folder is not known here");
    path = targetDir + path.slice("{targetDir}".length);
  }
  const abs = resolve(root, path);
  const roots = [root, ...(targetDir ? [targetDir] : [])];
  const outsideReason = "it is outside the workspace and the cargo target folder";
  const base = isDynamicPattern(path) ? resolve(root, staticBase(path)) : abs;
  if (!roots.some((r) => within(r, base))) throw fail(from, outsideReason);
  if (o.checkOnly) return [];
  const realRoots = await Promise.all(roots.map((r) => realpath(r).catch(() => r)));
  const isInside = (real: string) => realRoots.some((r) => within(r, real));
  const nameRoot = within(root, base) ? root : (targetDir ?? root);
  const dynamic = isDynamicPattern(path);
  const { globBase, globPattern } = dynamic
    ? { globBase: base, globPattern: relative(base, abs).split(sep).join("/") }
    : await staticGlob(abs, () => getError("EINCLUDENOMATCH", { pattern, root }));
  const realBase = await realpath(globBase).catch(() => undefined);
  if (realBase === undefined) throw getError("EINCLUDENOMATCH", { pattern, root });
  if (!isInside(realBase)) throw fail(from, `${outsideReason} once links are resolved (\`${realBase}\`)`);
  const found = await glob(globPattern, {
    cwd: globBase,
    fs: linksAsFiles,
    dot: true,
    onlyFiles: true,
    followSymbolicLinks: false,
    expandDirectories: false,
  });
  if (found.length === 0) throw getError("EINCLUDENOMATCH", { pattern, root });
  const many = dynamic || globPattern === "**";
  const sourceBase = relative(nameRoot, dynamic ? base : globBase);
  const files: ResolvedInclude[] = [];
  for (const rel of found.sort(compareEntryPaths)) {
    const file = join(globBase, rel);
    const { real, st } = await resolvedFile(file, isInside, (reason) => fail(file, reason), outsideReason);
    const named = relative(nameRoot, file).split(sep).join("/");
    const dest = destOf({
      rel: named,
      sourceBase: sourceBase.split(sep).join("/"),
      nameBase: sourceBase.split(sep).join("/"),
      ...(to === undefined ? {} : { to }),
      many,
    });
    files.push({ dest, source: real, executable: (st.mode & 0o111) !== 0, from: file, onDisk: "generated" });
  }
  return files;
}
