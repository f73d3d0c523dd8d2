import { createHash, randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import * as fsp from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { writeFailure } from "./io-errors.js";

/** The file system calls a write goes through; tests pass one that fails the way a full or read-only disk does. */
export interface WriteFs {
  open: typeof fsp.open;
  rename: typeof fsp.rename;
}

export interface WriteOptions {
  /** Mode of a new file; an existing file keeps its own. */
  mode?: number;
  fs?: WriteFs;
}

const REAL_FS: WriteFs = { open: fsp.open, rename: fsp.rename };

/** `.{name}.{12 hex}.tmp`: every temp file this package writes (archives too), so a later run can find strays. */
const TEMP_NAME = /^\..+\.[0-9a-f]{12}\.tmp$/;

export const isTempName = (name: string): boolean => TEMP_NAME.test(name);

/** A new temp path beside `path`, in the same folder so the final rename stays on one file system. */
const tempPathFor = (path: string): string =>
  join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);

/** Removes a temp file, ignoring every error: the write's own error is the one to report. */
export const discard = (tmp: string): Promise<void> => fsp.rm(tmp, { force: true }).catch(() => undefined);

const modeOf = (path: string, fallback: number): Promise<number> =>
  fsp.stat(path).then(
    (s) => s.mode & 0o777,
    () => fallback,
  );

/** Flushes a file (or a folder's entries) to disk. */
export async function syncPath(path: string): Promise<void> {
  const fh = await fsp.open(path, "r");
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/**
 * Writes `data` to a new temp file beside `path`, flushed to disk, and returns the temp's path. On failure the
 * temp is removed and an I/O error is the coded `EWRITEFILE` naming `path`.
 */
export async function writeTemp(path: string, data: string | Buffer, o: WriteOptions = {}): Promise<string> {
  const fs = o.fs ?? REAL_FS;
  const mode = await modeOf(path, o.mode ?? 0o644);
  const tmp = tempPathFor(path);
  let fh: fsp.FileHandle | undefined;
  try {
    fh = await fs.open(tmp, "wx", mode);
    await fh.writeFile(data);
    await fh.chmod(mode);
    await fh.sync();
    await fh.close();
    fh = undefined;
    return tmp;
  } catch (error) {
    await fh?.close().catch(() => undefined);
    await discard(tmp);
    throw writeFailure(path, error);
  }
}

/** Renames a complete temp over `path`; on failure the temp is removed and the error coded. */
export async function commitTemp(
  tmp: string,
  path: string,
  fs: Pick<WriteFs, "rename"> = REAL_FS,
): Promise<void> {
  try {
    await fs.rename(tmp, path);
  } catch (error) {
    await discard(tmp);
    throw writeFailure(path, error);
  }
}

/** Writes a file through a flushed temp file and a rename: a reader (or a kill) sees the old or the new file. */
export async function atomicWrite(path: string, data: string | Buffer, o: WriteOptions = {}): Promise<void> {
  await commitTemp(await writeTemp(path, data, o), path, o.fs ?? REAL_FS);
}

/** Lower-case hex SHA-256 of a text or buffer. */
export const sha256 = (data: string | Buffer): string => createHash("sha256").update(data).digest("hex");

/**
 * Streams `from` through `taps` into a flushed temp beside `to` with `mode`, then renames it over `to`. A failed
 * write removes the temp (no truncated file is ever at `to`) and is the coded `EWRITEFILE` naming `to`.
 */
export async function atomicCopy(
  from: string,
  to: string,
  mode: number,
  o: { highWaterMark?: number; taps?: Transform[] } = {},
): Promise<void> {
  const tmp = tempPathFor(to);
  try {
    const source: Readable = createReadStream(from, { highWaterMark: o.highWaterMark });
    await pipeline([source, ...(o.taps ?? []), createWriteStream(tmp, { mode, flags: "wx" })]);
    await fsp.chmod(tmp, mode);
    await syncPath(tmp);
    await fsp.rename(tmp, to);
  } catch (error) {
    await discard(tmp);
    throw writeFailure(to, error, from);
  }
}

/**
 * Removes the temp files a killed run left in `dir` (and its subfolders down to `depth` levels, e.g. 2 for
 * `dist/bin/{target}/`); with `names`, only the temps of those file names (`.Cargo.toml.*.tmp` for `Cargo.toml`).
 * Returns the removed paths.
 */
export async function removeStrayTemps(
  dir: string,
  o: { names?: readonly string[]; depth?: number } = {},
): Promise<string[]> {
  const entries = await fsp.readdir(dir, { withFileTypes: true }).catch(() => []);
  const removed: string[] = [];
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) {
      if (o.depth) removed.push(...(await removeStrayTemps(path, { ...o, depth: o.depth - 1 })));
    } else if (isTempName(e.name) && (!o.names || o.names.some((n) => e.name.startsWith(`.${n}.`)))) {
      await fsp.rm(path, { force: true });
      removed.push(path);
    }
  }
  return removed;
}
