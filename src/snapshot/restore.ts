import { readFile, rm } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { bumpJournalPath } from "../cargo/bump-journal.js";
import type { Workspace } from "../cargo/workspace.js";
import type { Logger } from "../types.js";
import { atomicWrite } from "../util/atomic-write.js";
import { readIfExists } from "../util/fs.js";
import { atomicWriteAll } from "../util/write-journal.js";

/** The original bytes of the files a snapshot sets its dev version in, kept until they are put back. */
const SNAPSHOT_JOURNAL = ".semantic-release-rust-snapshot.json";

interface Saved {
  version: string;
  files: { path: string; base64: string }[];
}

/** Where the snapshot keeps the originals: beside the bump journal (the git dir; git never commits it). */
export const snapshotJournalPath = async (ws: Workspace): Promise<string> =>
  join(dirname(await bumpJournalPath(ws)), SNAPSHOT_JOURNAL);

/** Saves the exact bytes of `paths` (flushed, renamed into place) before anything is written over them. */
export async function saveOriginals(
  journal: string,
  paths: readonly string[],
  version: string,
): Promise<void> {
  const files = await Promise.all(
    paths.map(async (path) => ({ path, base64: (await readFile(path)).toString("base64") })),
  );
  await atomicWrite(journal, `${JSON.stringify({ version, files } satisfies Saved)}\n`);
}

/**
 * Puts back every file a snapshot changed, byte for byte, all or none (through the bump journal, so a kill
 * midway is finished by the next command that writes), then removes the snapshot journal. Nothing to do without
 * one. Also what a snapshot killed during its build leaves for the next run to repair.
 */
export async function restoreOriginals(ws: Workspace, logger: Logger): Promise<string[]> {
  const journal = await snapshotJournalPath(ws);
  const text = await readIfExists(journal);
  if (text === undefined) return [];
  const saved = JSON.parse(text) as Saved;
  const files = saved.files.map((f) => ({ path: f.path, data: Buffer.from(f.base64, "base64") }));
  await atomicWriteAll(files, {
    journal: await bumpJournalPath(ws),
    repair: "semantic-release-rust snapshot",
  });
  await rm(journal, { force: true });
  const names = files.map((f) => relative(ws.root, f.path) || f.path);
  logger.log("Restored %s after the %s snapshot", names.join(", "), saved.version);
  return files.map((f) => f.path);
}
