import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { Transform } from "node:stream";

export interface Digest {
  size: number;
  /** Lower-case hex SHA-256. */
  sha256: string;
}

/** A pass-through stream that hashes and counts the bytes going through it: a checksum without a second read. */
export function digestTap(): { tap: Transform; digest: () => Digest } {
  const hash = createHash("sha256");
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  return { tap, digest: () => ({ size, sha256: hash.digest("hex") }) };
}

/**
 * Size and `algorithm` hash (raw bytes) of a file, read as a stream: memory stays at one chunk whatever the file's
 * size.
 */
export async function hashFile(
  path: string,
  algorithm: string,
  chunkSize = 1024 * 1024,
): Promise<{ size: number; digest: Buffer }> {
  const hash = createHash(algorithm);
  let size = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: chunkSize }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { size, digest: hash.digest() };
}

/** Size and SHA-256 of a file, read as a stream (`hashFile`). */
export async function fileDigest(path: string, chunkSize = 1024 * 1024): Promise<Digest> {
  const { size, digest } = await hashFile(path, "sha256", chunkSize);
  return { size, sha256: digest.toString("hex") };
}
