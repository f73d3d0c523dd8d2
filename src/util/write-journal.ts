import { readFile, rename, rm } from "node:fs/promises";
import { dirname } from "node:path";
import { getError } from "../errors/get-error.js";
import { fileExists, readIfExists } from "./fs.js";
import { writeFailure } from "./io-errors.js";
import { commitTemp, discard, sha256, syncPath, writeTemp, type WriteOptions } from "./atomic-write.js";

/** One pending rename: the complete, flushed temp `from` becomes `to`, whose new bytes hash to `sha256`. */
interface JournalEntry {
  from: string;
  to: string;
  sha256: string;
}

export interface Journal {
  /** The command that finishes the renames, for messages (`semantic-release-rust set-version 1.2.0`). */
  repair: string;
  renames: JournalEntry[];
}

/** Writes the journal itself atomically and flushes its folder, so it is on disk before the first rename. */
async function writeJournal(path: string, journal: Journal): Promise<void> {
  await commitTemp(await writeTemp(path, `${JSON.stringify(journal, null, 2)}\n`), path, { rename });
  await syncPath(dirname(path));
}

/** The journal at `path`; `undefined` when there is none. */
export async function readJournal(path: string): Promise<Journal | undefined> {
  const text = await readIfExists(path);
  if (text === undefined) return undefined;
  try {
    const j = JSON.parse(text) as Journal;
    if (Array.isArray(j.renames)) return j;
  } catch {
    // reported below
  }
  throw getError("EBUMPJOURNAL", { journal: path, path, reason: "is not a journal this version can read" });
}

/**
 * Finishes the renames of an interrupted write (roll forward), then removes the journal. A rename already done has
 * no temp left: its file must then hold the new bytes, else `EBUMPJOURNAL` (the temp was deleted by hand).
 */
export async function rollForward(path: string, journal: Journal): Promise<void> {
  for (const r of journal.renames) {
    if (await fileExists(r.from)) {
      await rename(r.from, r.to).catch((error: unknown) => {
        throw writeFailure(r.to, error);
      });
      continue;
    }
    const now = await readFile(r.to).catch(() => undefined);
    if (now === undefined || sha256(now) !== r.sha256) {
      throw getError("EBUMPJOURNAL", {
        journal: path,
        path: r.to,
        reason: `neither holds its new content nor has its temp file ${r.from}`,
      });
    }
  }
  await rm(path, { force: true });
}

interface WriteAllOptions extends WriteOptions {
  /**
   * Where the journal of pending renames goes. With it, a kill between two renames leaves the journal, and
   * `rollForward` finishes them: all files change or none.
   */
  journal?: string;
  /** The command that finishes an interrupted write, kept in the journal for messages. */
  repair?: string;
}

/**
 * Writes several files so that all change or none: every temp file is written and flushed first (a failure
 * removes them all: nothing changed), then the journal, then the renames, then the journal is removed.
 */
export async function atomicWriteAll(
  files: readonly { path: string; data: string | Buffer }[],
  o: WriteAllOptions = {},
): Promise<void> {
  const staged: JournalEntry[] = [];
  const journal = o.journal !== undefined && files.length > 1 ? o.journal : undefined;
  try {
    for (const f of files) {
      const tmp = await writeTemp(f.path, f.data, o);
      staged.push({ from: tmp, to: f.path, sha256: sha256(f.data) });
    }
    if (journal) await writeJournal(journal, { repair: o.repair ?? "", renames: staged });
  } catch (error) {
    await Promise.all(staged.map((s) => discard(s.from)));
    throw error;
  }
  // From here a failed rename leaves the journal behind: the next command finishes the renames.
  for (const s of staged) {
    await (o.fs?.rename ?? rename)(s.from, s.to).catch((error: unknown) => {
      throw writeFailure(s.to, error);
    });
  }
  if (journal) await rm(journal, { force: true });
}
