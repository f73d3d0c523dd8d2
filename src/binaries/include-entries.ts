import { lstat, realpath } from "node:fs/promises";
import { join, posix } from "node:path";
import { getError } from "../errors/get-error.js";
import type { SemanticReleaseError } from "../errors/semantic-release-error.js";
import { checkEntryPath, compareEntryPaths } from "./archive-paths.js";
import type { Match, ResolvedInclude } from "./include-globs.js";
import { hasControlChars, resolveInTree, type ReleaseTree } from "./release-tree.js";

type Chosen = Match & { isDefault: boolean };

/**
 * Turns matched release-tree files into archive entries: files of `HEAD` (or release-written files) that are
 * unchanged on disk, and tracked links kept as links when what they point to is packaged, copied when it is a
 * file of the release commit that is not. Pushes a coded error to `problems` for each file that cannot be.
 */
export async function packagedEntries(
  tree: ReleaseTree,
  chosen: readonly Chosen[],
  generated: readonly ResolvedInclude[],
  problems: SemanticReleaseError[],
): Promise<ResolvedInclude[]> {
  const byDest = new Map<string, ResolvedInclude>();
  const destsOf = new Map<string, string[]>();
  const links: { rel: string; dest: string }[] = [];
  const seen = new Set<string>();
  const claim = claimer(byDest, seen, problems);
  for (const c of chosen) {
    if (!claim(c.dest, c.rel, c.isDefault)) continue;
    seen.add(c.rel);
    if (hasControlChars(c.rel)) {
      problems.push(getError("EARCHIVEPATH", { path: JSON.stringify(c.rel), reason: CONTROL }));
      continue;
    }
    const file = tree.files.get(c.rel);
    if (!file) continue;
    if (tree.modified.has(c.rel)) {
      problems.push(await uncommitted(tree, c.rel));
      continue;
    }
    if (file.mode === "120000") {
      byDest.set(c.dest, { dest: c.dest, from: c.rel, executable: false });
      links.push(c);
      continue;
    }
    byDest.set(c.dest, regular(tree, c.rel, c.dest));
    destsOf.set(c.rel, [...(destsOf.get(c.rel) ?? []), c.dest]);
  }
  for (const link of links) {
    const entry = await linkEntry(tree, link, destsOf);
    if ("code" in entry) problems.push(entry);
    else byDest.set(link.dest, entry);
  }
  for (const g of generated) if (claim(g.dest, g.from, false)) byDest.set(g.dest, g);
  for (const entry of byDest.values()) {
    if (entry.source === undefined || entry.onDisk === "generated") continue;
    const problem = await diskProblem(tree, entry);
    if (problem) problems.push(problem);
  }
  dropRepeated(problems);
  return [...byDest.values()].sort((a, b) => compareEntryPaths(a.dest, b.dest));
}

/**
 * Whether an entry may take `dest`: a default include yields to anything already there (or to its own source
 * packaged elsewhere); two sources for one path are `EARCHIVEDUPLICATE`; a bad path is its coded error.
 */
function claimer(
  byDest: ReadonlyMap<string, ResolvedInclude>,
  seen: ReadonlySet<string>,
  problems: SemanticReleaseError[],
) {
  return (dest: string, from: string, isDefault: boolean): boolean => {
    const previous = byDest.get(dest);
    if (isDefault && (previous || seen.has(from))) return false;
    if (previous) {
      if (previous.from !== from)
        problems.push(getError("EARCHIVEDUPLICATE", { path: dest, sources: [previous.from, from] }));
      return false;
    }
    try {
      checkEntryPath(dest);
    } catch (error) {
      problems.push(error as SemanticReleaseError);
      return false;
    }
    return true;
  };
}

/** A file and a link to it may report the same problem: once is enough. */
function dropRepeated(problems: SemanticReleaseError[]): void {
  const messages = new Set<string>();
  problems.splice(
    0,
    problems.length,
    ...problems.filter((p) => !messages.has(p.message) && messages.add(p.message)),
  );
}

const CONTROL =
  "its name contains a control character such as a newline, which tar and zip tools show differently";

function regular(tree: ReleaseTree, rel: string, dest: string): ResolvedInclude {
  const file = tree.files.get(rel);
  return {
    dest,
    source: join(tree.root, rel),
    executable: file?.mode === "100755",
    from: rel,
    ...(file?.written ? { onDisk: "written" as const } : {}),
  };
}

/** A tracked link as an entry: a link to what it points to in the archive, or a copy of a file left out. */
async function linkEntry(
  tree: ReleaseTree,
  link: { rel: string; dest: string },
  destsOf: ReadonlyMap<string, string[]>,
): Promise<ResolvedInclude | SemanticReleaseError> {
  const target = tree.links.get(link.rel) ?? "";
  const fail = (reason: string) => getError("EINCLUDELINK", { path: link.rel, target, reason });
  if (hasControlChars(target)) return fail("the target contains a control character such as a newline");
  const r = resolveInTree(tree, link.rel);
  if (r.kind === "error") return fail(r.reason);
  const from = link.rel;
  const linked = (to: string): ResolvedInclude => ({
    dest: link.dest,
    linkTarget: posix.relative(posix.dirname(link.dest), to),
    executable: false,
    from,
  });
  if (r.kind === "file") {
    if (tree.modified.has(r.rel)) return uncommitted(tree, r.rel);
    const packaged = destsOf.get(r.rel)?.[0];
    return packaged ? linked(packaged) : { ...regular(tree, r.rel, link.dest), from };
  }
  if (r.rel === "") return fail("it points to the workspace root");
  const folders = new Set<string>();
  for (const [rel, dests] of destsOf) {
    if (!rel.startsWith(`${r.rel}/`)) continue;
    const tail = rel.slice(r.rel.length);
    for (const d of dests) folders.add(d.endsWith(tail) ? d.slice(0, -tail.length) : "\0");
  }
  const folder = [...folders][0];
  if (folders.size !== 1 || folder === undefined || folder === "\0" || folder === "")
    return fail(`it points to the folder \`${r.rel}\`, which is not packaged as one folder: include it too`);
  return linked(folder);
}

/** `EUNCOMMITTEDFILE` for a tracked file that is modified or deleted on disk. */
async function uncommitted(tree: ReleaseTree, rel: string): Promise<SemanticReleaseError> {
  const exists = await lstat(join(tree.root, rel)).then(
    () => true,
    () => false,
  );
  return getError("EUNCOMMITTEDFILE", { path: rel, change: exists ? "modified" : "deleted" });
}

/** The file on disk must be a plain file at that very path (no link on the way), as in the release commit. */
async function diskProblem(tree: ReleaseTree, e: ResolvedInclude): Promise<SemanticReleaseError | undefined> {
  const source = e.source ?? "";
  const st = await lstat(source).catch(() => undefined);
  const rel = posix.relative(tree.root, source);
  if (!st) return getError("EUNCOMMITTEDFILE", { path: rel, change: "deleted" });
  const real = await realpath(source).catch(() => "");
  if (!st.isFile() || real !== source) return getError("EUNCOMMITTEDFILE", { path: rel, change: "replaced" });
  return undefined;
}
