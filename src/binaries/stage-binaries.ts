import { createReadStream, createWriteStream } from "node:fs";
import { chmod, mkdir } from "node:fs/promises";
import { basename, join } from "node:path";
import { pipeline } from "node:stream/promises";
import type { Artifact } from "../manifest/dist-manifest.js";
import type { PlannedTarget } from "./build-plan.js";
import { READ_CHUNK } from "./archive-tar.js";
import { digestTap, type Digest } from "../util/digest.js";

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
