import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { getError } from "../errors/get-error.js";
import type { ArchiveEntry } from "./archive-layout.js";
import { BLOCK, tarHeaderBlocks, tarPadding } from "./archive-tar-header.js";

/** Read size for packaged files: large chunks keep the per-chunk overhead of the stream pipeline low. */
export const READ_CHUNK = 1024 * 1024;

/** Streams the bytes of a file, failing if it does not have the size its header announced. */
export async function* readExactly(path: string, size: number): AsyncGenerator<Buffer> {
  let read = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: READ_CHUNK })) {
    const buf = chunk as Buffer;
    read += buf.length;
    if (read > size) throw getError("EFILECHANGED", { path, change: "grew" });
    yield buf;
  }
  if (read !== size) throw getError("EFILECHANGED", { path, change: "shrank" });
}

/** The header blocks of one entry named `name`, of `size` bytes (files). */
function entryHeader(name: string, e: ArchiveEntry, size: number, mtime: number): Buffer[] {
  if (e.type === "dir")
    return tarHeaderBlocks({ name: `${name}/`, type: "5", mode: e.mode & 0o7777, size: 0, mtime });
  if (e.type === "symlink")
    return tarHeaderBlocks({ name, type: "2", mode: 0o777, size: 0, mtime, linkname: e.linkTarget ?? "" });
  return tarHeaderBlocks({ name, type: "0", mode: e.mode & 0o7777, size, mtime });
}

const contentOf = (e: ArchiveEntry): Buffer | undefined =>
  typeof e.content === "string" ? Buffer.from(e.content) : e.content;

/** Entries under `topDir/` (with the top folder first), or at the root when `topDir` is undefined. */
function named(entries: readonly ArchiveEntry[], topDir?: string): [string, ArchiveEntry][] {
  if (topDir === undefined) return entries.map((e) => [e.path, e]);
  return [
    [topDir, { path: "", type: "dir", mode: 0o755 }],
    ...entries.map((e): [string, ArchiveEntry] => [`${topDir}/${e.path}`, e]),
  ];
}

/**
 * An uncompressed POSIX tar stream (ustar, PAX records for long names and sizes) of `entries` (already normalized:
 * sorted, parents first) under `topDir/`, every entry with the given mtime, uid/gid 0 and empty owner names.
 * Memory stays at one read chunk.
 */
export async function* tarStream(
  entries: readonly ArchiveEntry[],
  mtime: number,
  topDir?: string,
): AsyncGenerator<Buffer> {
  for (const [name, e] of named(entries, topDir)) {
    const data = contentOf(e);
    if (e.type !== "file" || data !== undefined) {
      yield* entryHeader(name, e, data?.length ?? 0, mtime);
      if (data) yield Buffer.concat([data, tarPadding(data.length)]);
      continue;
    }
    const source = e.source ?? "";
    const { size } = await stat(source);
    yield* entryHeader(name, e, size, mtime);
    yield* readExactly(source, size);
    const pad = tarPadding(size);
    if (pad.length > 0) yield pad;
  }
  yield Buffer.alloc(BLOCK * 2);
}

/** The same bytes as `tarStream`, for entries whose files are all in memory (`content`). */
export function tarBuffer(entries: readonly ArchiveEntry[], mtime: number, topDir?: string): Buffer {
  const chunks: Buffer[] = [];
  for (const [name, e] of named(entries, topDir)) {
    const data = contentOf(e);
    if (e.type === "file" && data === undefined) throw new Error(`tarBuffer: ${e.path} has no content`);
    chunks.push(...entryHeader(name, e, data?.length ?? 0, mtime));
    if (data) chunks.push(data, tarPadding(data.length));
  }
  chunks.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(chunks);
}
