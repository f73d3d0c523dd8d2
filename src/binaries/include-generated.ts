import { lstat, realpath, stat } from "node:fs/promises";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { glob, isDynamicPattern } from "tinyglobby";
import { getError } from "../errors/get-error.js";
import { compareEntryPaths } from "./archive-paths.js";
import { destOf, parseIncludePattern, staticBase, type ResolvedInclude } from "./include-globs.js";

const within = (dir: string, path: string): boolean => {
  const rel = relative(dir, path);
  return rel === "" || (rel !== ".." && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
};

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
  let globBase = base;
  let rest = isDynamicPattern(path) ? relative(base, abs).split(sep).join("/") : "";
  if (!isDynamicPattern(path)) {
    const st = await stat(abs).catch(() => undefined);
    if (!st) return [];
    if (st.isDirectory()) rest = "**";
    else globBase = resolve(abs, "..");
    if (!st.isDirectory()) rest = relative(globBase, abs).split(sep).join("/");
  }
  const realBase = await realpath(globBase).catch(() => undefined);
  if (realBase === undefined) return [];
  if (!isInside(realBase)) throw fail(from, `${outsideReason} once links are resolved (\`${realBase}\`)`);
  const found = await glob(
    rest.replace(/[()[\]{}*?!]/g, (c) => (isDynamicPattern(path) ? c : `\\${c}`)),
    {
      cwd: globBase,
      dot: true,
      onlyFiles: true,
      followSymbolicLinks: false,
      expandDirectories: false,
    },
  );
  const many = !isDynamicPattern(path) ? rest === "**" : true;
  const sourceBase = relative(nameRoot, isDynamicPattern(path) || rest === "**" ? base : globBase);
  const files: ResolvedInclude[] = [];
  for (const rel of found.sort(compareEntryPaths)) {
    const file = join(globBase, rel);
    const real = await realpath(file).catch(() => undefined);
    if (real === undefined) throw fail(file, "it is a dangling link");
    if (!isInside(real)) throw fail(file, `it is a link to \`${real}\`, ${outsideReason}`);
    const st = await lstat(real);
    if (!st.isFile()) continue;
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
