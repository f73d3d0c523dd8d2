import type { DistManifest } from "../manifest/dist-manifest.js";
import type { ArchiveFormat } from "./archive-layout.js";

export const ARTIFACTS_START = "<!-- semantic-release-rust:artifacts -->";
export const ARTIFACTS_END = "<!-- /semantic-release-rust:artifacts -->";

/** One row of the artifact table; size and sha256 are unknown before the build. */
export interface ArtifactRow {
  file: string;
  target?: string;
  size?: number;
  sha256?: string;
}

/** `1536` → `1.5 KiB`. */
export function formatSize(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** The marked markdown table of rows (`—` where a value is not known yet). */
export function renderRows(rows: readonly ArtifactRow[]): string {
  const lines = rows.map(
    (r) =>
      `| \`${r.file}\` | ${r.target ? `\`${r.target}\`` : "—"} | ${r.size === undefined ? "—" : formatSize(r.size)} | ${r.sha256 ? `\`${r.sha256}\`` : "—"} |`,
  );
  return [
    ARTIFACTS_START,
    "| File | Target | Size | SHA-256 |",
    "| --- | --- | --- | --- |",
    ...lines,
    ARTIFACTS_END,
  ].join("\n");
}

/** The artifact table of a dist manifest: every archive and the `SHA256SUMS` file. Pure. */
export function renderArtifactTable(manifest: DistManifest): string {
  const rows = manifest.artifacts
    .filter((a) => a.kind === "archive" || a.kind === "checksums")
    .sort((a, b) => (a.kind === b.kind ? a.path.localeCompare(b.path) : a.kind === "archive" ? -1 : 1))
    .map((a) => ({
      file: a.path,
      size: a.size,
      sha256: a.sha256,
      ...(a.target ? { target: a.target } : {}),
    }));
  return renderRows(rows);
}

/** Replaces the marked table in release notes (or appends one) — for refreshing notes at publish. */
export function replaceArtifactTable(notes: string, table: string): string {
  const start = notes.indexOf(ARTIFACTS_START);
  const end = notes.indexOf(ARTIFACTS_END, start);
  if (start < 0 || end < 0) return `${notes.trimEnd()}\n\n${table}\n`;
  return notes.slice(0, start) + table + notes.slice(end + ARTIFACTS_END.length);
}

const extract: Record<ArchiveFormat, (f: string) => string> = {
  "tar.gz": (f) => `tar -xzf ${f}`,
  "tar.xz": (f) => `tar -xJf ${f}`,
  "tar.zst": (f) => `tar --zstd -xf ${f}`,
  zip: (f) => `unzip ${f}`,
};

export interface InstallExample {
  /** Archive file name. */
  file: string;
  /** Its top folder (the file name without the format). */
  topDir: string;
  format: ArchiveFormat;
  binary: string;
  /** Release download folder (`https://github.com/o/r/releases/download/v1.2.0`), when known. */
  downloadBase?: string;
}

/** The "Install" section: download, verify with `sha256sum -c`, extract, run. Pure. */
export function renderInstallSection(e: InstallExample): string {
  const fetch = e.downloadBase
    ? [`curl -LO ${e.downloadBase}/${e.file}`, `curl -LO ${e.downloadBase}/${e.file}.sha256`]
    : [];
  return `## Install

Download the archive for your platform and its \`.sha256\` file from the assets of this release, then verify, extract and run it (here for ${e.file}):

\`\`\`sh
${[...fetch, `sha256sum -c ${e.file}.sha256`, extract[e.format](e.file), `./${e.topDir}/bin/${e.binary} --version`].join("\n")}
\`\`\`

\`SHA256SUMS\` lists the checksums of every archive: \`sha256sum -c --ignore-missing SHA256SUMS\`. On macOS use \`shasum -a 256 -c\`.`;
}

/** `https://github.com/o/r/releases/download/<tag>` for GitHub repository URLs (https, ssh or git+ forms). */
export function githubDownloadBase(
  repositoryUrl: string | undefined,
  gitTag: string | undefined,
): string | undefined {
  if (!repositoryUrl || !gitTag) return undefined;
  const m = /github\.com[/:]([^/]+)\/([^/]+?)(?:\.git)?\/?$/.exec(repositoryUrl);
  return m ? `https://github.com/${m[1]}/${m[2]}/releases/download/${gitTag}` : undefined;
}
