import { gzipSyncBlocks } from "../binaries/archive-gzip.js";

/**
 * The release archives' gzip, for a layer in memory: no file name, mtime 0, OS byte 255 ("unknown") and
 * pigz-style blocks, so the bytes depend only on the input and the level, not on the machine, the time or the cores.
 */
export function deterministicGzip(data: Buffer): Buffer {
  return gzipSyncBlocks(data, 6);
}
