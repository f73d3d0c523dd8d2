import { basename, relative, sep } from "node:path";
import { atomicWrite, sha256 } from "../util/atomic-write.js";
import type { WrittenFile } from "./archive-write.js";
import { compareEntryPaths } from "./archive-paths.js";
import { throwAll } from "../errors/get-error.js";
import { unsafeNameErrors } from "../util/shell-quote.js";

export const SHA256SUMS = "SHA256SUMS";

/**
 * One line in `sha256sum` format: hex, two spaces, the name, newline. Throws `EUNSAFENAME` for a name with a
 * line break, another control character or a backslash, which `sha256sum -c` would read as more lines or an
 * escaped name; `file` is the checksum file named in that error.
 */
export function checksumLine(sha256: string, name: string, file = "its `.sha256` file"): string {
  throwAll(unsafeNameErrors([name], file, "checksum"));
  return `${sha256}  ${name}\n`;
}

async function writeText(path: string, text: string): Promise<WrittenFile> {
  const data = Buffer.from(text);
  await atomicWrite(path, data);
  return { path, size: data.length, sha256: sha256(data) };
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
    .map((a) => checksumLine(a.sha256, a.name, SHA256SUMS));
  return writeText(`${distDir}/${SHA256SUMS}`, lines.join(""));
}
