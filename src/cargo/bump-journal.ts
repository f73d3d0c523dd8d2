import { readFile, stat } from "node:fs/promises";
import { basename, dirname, join, relative, resolve } from "node:path";
import { getError } from "../errors/get-error.js";
import type { Logger } from "../types.js";
import { removeStrayTemps } from "../util/atomic-write.js";
import { readJournal, rollForward, type Journal } from "../util/write-journal.js";
import { resolveManifestPath, type Workspace } from "./workspace.js";

/** The journal of a bump's pending renames, present only between its first and last rename. */
export const BUMP_JOURNAL = ".semantic-release-rust-bump.json";

/** The git dir of the repository holding `dir` (a worktree's or submodule's own) and its top folder, without git. */
async function gitDirOf(dir: string): Promise<{ gitDir: string; top: string } | undefined> {
  for (let d = resolve(dir); ; d = dirname(d)) {
    const dotGit = join(d, ".git");
    const s = await stat(dotGit).catch(() => undefined);
    if (s?.isDirectory()) return { gitDir: dotGit, top: d };
    if (s?.isFile()) {
      const m = /^gitdir:\s*(.+)$/m.exec(await readFile(dotGit, "utf8"));
      if (m?.[1]) return { gitDir: resolve(d, m[1].trim()), top: d };
    }
    if (dirname(d) === d) return undefined;
  }
}

/**
 * Where a bump writes its journal: in the git dir when there is one (git never commits, stashes or cleans it, and
 * `cargo package` never sees it, even when a kill leaves it behind), else beside the root manifest.
 */
export async function bumpJournalPath(ws: Workspace): Promise<string> {
  return join((await gitDirOf(ws.root))?.gitDir ?? dirname(ws.rootManifest), BUMP_JOURNAL);
}

/** Where a journal for a workspace at or below `dir` can be: the git dir's, and every folder up to the git top. */
async function journalCandidates(dir: string): Promise<string[]> {
  const git = await gitDirOf(dir);
  const found = git ? [join(git.gitDir, BUMP_JOURNAL)] : [];
  for (let d = resolve(dir); ; d = dirname(d)) {
    found.push(join(d, BUMP_JOURNAL));
    if (d === git?.top || dirname(d) === d) return found;
  }
}

/** The interrupted bump whose journal is found from `dir` (see `journalCandidates`). Reads only. */
async function findBumpJournal(dir: string): Promise<{ path: string; journal: Journal } | undefined> {
  for (const path of await journalCandidates(dir)) {
    const journal = await readJournal(path);
    if (journal) return { path, journal };
  }
  return undefined;
}

/** For commands that only read: an interrupted bump is the coded `EBUMPINTERRUPTED` naming what repairs it. */
export async function assertNoInterruptedBump(dir: string): Promise<void> {
  const found = await findBumpJournal(dir);
  if (!found) return;
  throw getError("EBUMPINTERRUPTED", {
    journal: found.path,
    files: found.journal.renames.map((r) => relative(dir, r.to) || r.to),
    repair: found.journal.repair || "semantic-release-rust set-version <version>",
  });
}

/**
 * The first step of every command that writes manifests: an interrupted bump (its journal is there) is finished,
 * so every manifest and Cargo.lock is at the new version. Runs before `cargo metadata`, which needs no journal.
 */
export async function finishInterruptedBump(
  o: { cwd: string; manifestPath: string },
  logger?: Logger,
): Promise<void> {
  const found = await findBumpJournal(dirname(resolveManifestPath(o)));
  if (!found) return;
  await rollForward(found.path, found.journal);
  logger?.log(
    "Finished an interrupted version bump (%s): %s",
    found.journal.repair,
    found.journal.renames.map((r) => r.to).join(", "),
  );
}

/**
 * Removes the temp files of a bump killed before its journal was written (roll back: the files kept their old
 * content): beside the root manifest, Cargo.lock, every member's manifest, and the journal's own temp.
 */
export async function removeBumpTemps(ws: Workspace): Promise<string[]> {
  const names = ["Cargo.toml", "Cargo.lock", basename(ws.rootManifest)];
  const dirs = new Set([ws.root, dirname(ws.rootManifest), ...ws.members.map((m) => m.dir)]);
  const removed: string[] = [];
  for (const dir of dirs) removed.push(...(await removeStrayTemps(dir, { names })));
  removed.push(...(await removeStrayTemps(dirname(await bumpJournalPath(ws)), { names: [BUMP_JOURNAL] })));
  return removed;
}
