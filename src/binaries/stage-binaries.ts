import { mkdir } from "node:fs/promises";
import { basename, join } from "node:path";
import type { Artifact } from "../manifest/dist-manifest.js";
import type { PlannedTarget } from "./plan.js";
import { READ_CHUNK } from "./archive-tar.js";
import { atomicCopy } from "../util/atomic-write.js";
import { digestTap, type Digest } from "../util/digest.js";
import { writeFailure } from "../util/io-errors.js";
import { fileRequirement } from "./system-requirements.js";

/**
 * Copies `from` to `to` in one streamed read, hashing the bytes as they are written (no second read), through a
 * temp file and a rename: a kill or a full disk never leaves a truncated binary at `to` (`EWRITEFILE` instead).
 */
export async function copyWithDigest(from: string, to: string, mode: number): Promise<Digest> {
  const { tap, digest } = digestTap();
  await atomicCopy(from, to, mode, { highWaterMark: READ_CHUNK, taps: [tap] });
  return digest();
}

/** Copies each built binary to `{distDir}/bin/{target}/{file}` for the image builder; one `binary` artifact each. */
export async function stageBinaries(distDir: string, target: PlannedTarget): Promise<Artifact[]> {
  const artifacts: Artifact[] = [];
  const dir = join(distDir, "bin", target.target);
  await mkdir(dir, { recursive: true }).catch((error: unknown) => {
    throw writeFailure(dir, error);
  });
  for (const b of target.binaries) {
    const file = basename(b.path);
    const digest = await copyWithDigest(b.path, join(dir, file), 0o755);
    const requires = await fileRequirement(b.path).catch(() => undefined);
    artifacts.push({
      path: `bin/${target.target}/${file}`,
      kind: "binary",
      target: target.target,
      binary: b.name,
      ...digest,
      ...(requires ? { requires } : {}),
    });
  }
  return artifacts;
}
