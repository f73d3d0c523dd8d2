import { gzipSync } from "node:zlib";

/**
 * Gzip with a fixed header: no file name, mtime 0 and OS byte 255 ("unknown"), so the bytes depend only on
 * the input and the zlib level, not on the machine or the time.
 */
export function deterministicGzip(data: Buffer): Buffer {
  const out = gzipSync(data, { level: 6 });
  out.writeUInt32LE(0, 4);
  out[9] = 255;
  return out;
}
