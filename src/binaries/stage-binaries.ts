import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { chmod, mkdir } from "node:fs/promises";
import { basename, join } from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Artifact } from "../manifest/dist-manifest.js";
import type { PlannedTarget } from "./build-plan.js";
import { READ_CHUNK } from "./archive-tar.js";

export interface Digest {
  size: number;
  /** Lower-case hex SHA-256. */
  sha256: string;
}

/** A pass-through stream that hashes and counts the bytes going through it. */
function digestTap(): { tap: Transform; digest: () => Digest } {
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

/** Size and SHA-256 of a file, read as a stream: memory stays at one chunk whatever the file's size. */
export async function fileDigest(path: string): Promise<Digest> {
  const { tap, digest } = digestTap();
  await pipeline(createReadStream(path, { highWaterMark: READ_CHUNK }), tap, async (source) => {
    for await (const _chunk of source as AsyncIterable<Buffer>);
  });
  return digest();
}

/** Copies `from` to `to` in one streamed read, hashing the bytes as they are written (no second read). */
export async function copyWithDigest(from: string, to: string, mode: number): Promise<Digest> {
  const { tap, digest } = digestTap();
  await pipeline(createReadStream(from, { highWaterMark: READ_CHUNK }), tap, createWriteStream(to, { mode }));
  await chmod(to, mode);
  return digest();
}

/** Copies each built binary to `{distDir}/bin/{target}/{file}` for the image builder; one `binary` artifact each. */
export async function stageBinaries(distDir: string, target: PlannedTarget): Promise<Artifact[]> {
  const artifacts: Artifact[] = [];
  const dir = join(distDir, "bin", target.target);
  await mkdir(dir, { recursive: true });
  for (const b of target.binaries) {
    const file = basename(b.path);
    const digest = await copyWithDigest(b.path, join(dir, file), 0o755);
    artifacts.push({
      path: `bin/${target.target}/${file}`,
      kind: "binary",
      target: target.target,
      binary: b.name,
      ...digest,
    });
  }
  return artifacts;
}
