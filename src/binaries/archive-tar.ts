import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
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
    if (read > size) throw new Error(`${path} grew while it was being packaged`);
    yield buf;
  }
  if (read !== size) throw new Error(`${path} shrank while it was being packaged`);
}

/**
 * An uncompressed ustar stream of `entries` (already normalized: sorted, parents first) under `topDir/`,
 * every entry with the given mtime, uid/gid 0 and empty owner names. Memory stays at one read chunk.
 */
export async function* tarStream(
  topDir: string,
  entries: readonly ArchiveEntry[],
  mtime: number,
): AsyncGenerator<Buffer> {
  yield* tarHeaderBlocks({ name: `${topDir}/`, type: "5", mode: 0o755, size: 0, mtime });
  for (const e of entries) {
    const name = `${topDir}/${e.path}`;
    if (e.type === "dir") {
      yield* tarHeaderBlocks({ name: `${name}/`, type: "5", mode: e.mode & 0o7777, size: 0, mtime });
    } else if (e.type === "symlink") {
      yield* tarHeaderBlocks({ name, type: "2", mode: 0o777, size: 0, mtime, linkname: e.linkTarget ?? "" });
    } else if (e.content !== undefined) {
      const data = typeof e.content === "string" ? Buffer.from(e.content) : e.content;
      yield* tarHeaderBlocks({ name, type: "0", mode: e.mode & 0o7777, size: data.length, mtime });
      yield Buffer.concat([data, tarPadding(data.length)]);
    } else {
      const source = e.source ?? "";
      const { size } = await stat(source);
      yield* tarHeaderBlocks({ name, type: "0", mode: e.mode & 0o7777, size, mtime });
      yield* readExactly(source, size);
      const pad = tarPadding(size);
      if (pad.length > 0) yield pad;
    }
  }
  yield Buffer.alloc(BLOCK * 2);
}
