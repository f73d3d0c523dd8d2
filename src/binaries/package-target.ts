import { join } from "node:path";
import type { Artifact } from "../manifest/dist-manifest.js";
import { planArchiveLayout, type LayoutInput } from "./archive-layout.js";
import { writeArchive } from "./archive-write.js";
import { writeChecksumFile } from "./checksums.js";

interface PackageTargetInput extends LayoutInput {
  /** Folder the archive and its `.sha256` are written to. */
  distDir: string;
  /** `SOURCE_DATE_EPOCH` in seconds: the mtime of every entry. */
  mtime: number;
  level?: number;
  /** Environment of the `xz`/`zstd` programs. */
  env?: NodeJS.ProcessEnv;
}

/**
 * Plans, writes and checksums one target's archive. Returns the manifest artifacts, paths relative to `distDir`:
 * the archive (kind `archive`) and its `{archive}.sha256` (kind `checksum`).
 */
export async function packageTarget(input: PackageTargetInput): Promise<Artifact[]> {
  const layout = planArchiveLayout(input);
  const archive = await writeArchive({
    outPath: join(input.distDir, layout.fileName),
    format: input.format,
    topDir: layout.topDir,
    entries: layout.entries,
    mtime: input.mtime,
    level: input.level,
    env: input.env,
  });
  const checksum = await writeChecksumFile(archive);
  return [
    {
      path: layout.fileName,
      kind: "archive",
      target: input.target,
      size: archive.size,
      sha256: archive.sha256,
      topDir: layout.topDir,
      layout: layout.entries
        .filter((e) => e.type !== "dir")
        .map((e) => e.path)
        .sort(),
    },
    {
      path: `${layout.fileName}.sha256`,
      kind: "checksum",
      target: input.target,
      size: checksum.size,
      sha256: checksum.sha256,
    },
  ];
}
