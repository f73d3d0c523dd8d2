import { createHash } from "node:crypto";
import { basename, relative, sep } from "node:path";
import { atomicWrite } from "../util/atomic-write.js";
import type { WrittenFile } from "./archive-write.js";
import { compareEntryPaths } from "./archive-paths.js";

export const SHA256SUMS = "SHA256SUMS";

/** One line in `sha256sum` format: hex, two spaces, the name, newline. */
export const checksumLine = (sha256: string, name: string): string => `${sha256}  ${name}\n`;

async function writeText(path: string, text: string): Promise<WrittenFile> {
  const data = Buffer.from(text);
  await atomicWrite(path, data);
  return { path, size: data.length, sha256: createHash("sha256").update(data).digest("hex") };
}

/** Writes `{archive}.sha256` beside the archive with its bare file name, so `sha256sum -c` works in that folder. */
export async function writeChecksumFile(archive: { path: string; sha256: string }): Promise<WrittenFile> {
  return writeText(`${archive.path}.sha256`, checksumLine(archive.sha256, basename(archive.path)));
}

/** Writes `{distDir}/SHA256SUMS` for all archives, sorted by name (paths relative to `distDir`). */
export async function writeSha256Sums(
  distDir: string,
  archives: { path: string; sha256: string }[],
): Promise<WrittenFile> {
  const lines = archives
    .map((a) => ({ name: relative(distDir, a.path).split(sep).join("/"), sha256: a.sha256 }))
    .sort((a, b) => compareEntryPaths(a.name, b.name))
    .map((a) => checksumLine(a.sha256, a.name));
  return writeText(`${distDir}/${SHA256SUMS}`, lines.join(""));
}
