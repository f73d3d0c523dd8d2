import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { getError } from "../errors/get-error.js";
import { writeFailure } from "../util/io-errors.js";
import type { ArchiveEntry, ArchiveFormat } from "./archive-layout.js";
import { compressionLevel, createCompressor } from "./archive-compress.js";
import { checkEntryPath, materializeLinks, normalizeEntries } from "./archive-paths.js";
import { tarStream } from "./archive-tar.js";
import { zipStream } from "./archive-zip.js";
import { digestTap } from "../util/digest.js";

export interface WriteArchiveSpec {
  outPath: string;
  format: ArchiveFormat;
  topDir: string;
  /** Paths relative to `topDir`; validated, completed with parent folders and sorted here. */
  entries: ArchiveEntry[];
  /** Modification time of every entry, in seconds (`SOURCE_DATE_EPOCH`). */
  mtime: number;
  /** Compression level; defaults per format (see `LEVELS`). */
  level?: number;
  /** Environment of the `xz`/`zstd` programs. */
  env?: NodeJS.ProcessEnv;
  /** Cores used for compression (default: all available); the bytes written do not depend on it. */
  concurrency?: number;
}

export interface WrittenFile {
  path: string;
  size: number;
  /** Lower-case hex SHA-256 of the bytes written. */
  sha256: string;
}

/**
 * Writes one reproducible archive, streaming: files are read in chunks, compressed on every core, hashed and
 * written as they go, into a temp file renamed over `outPath` at the end. Same inputs give the same bytes.
 */
export async function writeArchive(spec: WriteArchiveSpec): Promise<WrittenFile> {
  const level = compressionLevel(spec.format, spec.level);
  const mtime = Math.max(0, Math.floor(spec.mtime));
  checkEntryPath(spec.topDir);
  if (spec.topDir.includes("/"))
    throw getError("EARCHIVEPATH", { path: spec.topDir, reason: "the top folder must be one name" });
  let entries = normalizeEntries(spec.entries);
  if (spec.format === "zip") entries = materializeLinks(entries);
  await mkdir(dirname(spec.outPath), { recursive: true });
  const tmp = join(dirname(spec.outPath), `.${basename(spec.outPath)}.${randomBytes(6).toString("hex")}.tmp`);
  const { tap, digest: result } = digestTap();
  const out = createWriteStream(tmp, { mode: 0o644 });
  try {
    if (spec.format === "zip") {
      const zip = zipStream(spec.topDir, entries, mtime, { level, concurrency: spec.concurrency });
      await pipeline(Readable.from(zip), tap, out);
    } else {
      const { stage, done: finished } = createCompressor(spec.format, level, spec.env, spec.concurrency);
      const tar = tarStream(entries, mtime, spec.topDir);
      const [piped, done] = await Promise.allSettled([
        typeof stage === "function"
          ? pipeline(Readable.from(stage(tar)), tap, out)
          : pipeline(Readable.from(tar), stage, tap, out),
        finished,
      ]);
      if (done.status === "rejected") throw done.reason;
      if (piped.status === "rejected") throw piped.reason;
    }
    await rename(tmp, spec.outPath);
  } catch (error) {
    out.destroy();
    await rm(tmp, { force: true });
    // A full disk, a quota or a read-only folder while writing the archive: the coded EWRITEFILE naming it (a
    // failed read of a packaged file keeps its own error).
    const failed = (error as NodeJS.ErrnoException | undefined)?.path;
    throw failed === undefined || failed === tmp || failed === spec.outPath
      ? writeFailure(spec.outPath, error)
      : error;
  }
  return { path: spec.outPath, ...result() };
}
