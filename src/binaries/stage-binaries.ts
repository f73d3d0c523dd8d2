import { createHash } from "node:crypto";
import { copyFile, chmod, mkdir, readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import type { Artifact } from "../manifest/dist-manifest.js";
import type { PlannedTarget } from "./build-plan.js";

/** Size and lower-case hex SHA-256 of a file. */
export async function fileDigest(path: string): Promise<{ size: number; sha256: string }> {
  const bytes = await readFile(path);
  return { size: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex") };
}

/** Copies each built binary to `{distDir}/bin/{target}/{file}` for the image builder; one `binary` artifact each. */
export async function stageBinaries(distDir: string, target: PlannedTarget): Promise<Artifact[]> {
  const artifacts: Artifact[] = [];
  const dir = join(distDir, "bin", target.target);
  await mkdir(dir, { recursive: true });
  for (const b of target.binaries) {
    const file = basename(b.path);
    const dest = join(dir, file);
    await copyFile(b.path, dest);
    await chmod(dest, 0o755);
    const path = `bin/${target.target}/${file}`;
    artifacts.push({
      path,
      kind: "binary",
      target: target.target,
      binary: b.name,
      ...(await fileDigest(dest)),
    });
  }
  return artifacts;
}
