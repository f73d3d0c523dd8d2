import type { DistManifest } from "../manifest/dist-manifest.js";
import type { ArchiveFormat } from "./archive-layout.js";
import { throwAll } from "../errors/get-error.js";
import {
  mdCode,
  mdText,
  psPlain,
  psQuote,
  shFileArg,
  shQuote,
  unsafeNameErrors,
} from "../util/shell-quote.js";

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

/** A code span in a table cell: `|` escaped so that it cannot end the cell. */
const cell = (text: string): string => mdCode(text).replace(/\|/g, "\\|");

/** The marked markdown table of rows (`—` where a value is not known yet); `EUNSAFENAME` for a control character. */
export function renderRows(rows: readonly ArtifactRow[]): string {
  throwAll(
    unsafeNameErrors(
      rows.flatMap((r) => [r.file, ...(r.target ? [r.target] : [])]),
      "the release notes",
    ),
  );
  const lines = rows.map(
    (r) =>
      `| ${cell(r.file)} | ${r.target ? cell(r.target) : "—"} | ${r.size === undefined ? "—" : formatSize(r.size)} | ${r.sha256 ? `\`${r.sha256}\`` : "—"} |`,
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

/** The sh command that extracts an archive of each format (INSTALL.md and the release notes). */
export const extractCommands: Record<ArchiveFormat, (f: string) => string> = {
  "tar.gz": (f) => `tar -xzf ${shFileArg(f)}`,
  "tar.xz": (f) => `tar -xJf ${shFileArg(f)}`,
  "tar.zst": (f) => `tar --zstd -xf ${shFileArg(f)}`,
  zip: (f) => `unzip ${shFileArg(f)}`,
};

/** `curl -LO url` when the URL ends with the file name as is, else `curl -L -o file url` (encoded in the URL). */
function download(base: string, file: string): string {
  const url = `${base}/${encodeURIComponent(file)}`;
  return url.endsWith(`/${file}`)
    ? `curl -LO ${shQuote(url)}`
    : `curl -L -o ${shFileArg(file)} ${shQuote(url)}`;
}

/** `https://github.com/o/r/releases/download/<tag>` for GitHub repository URLs (https, ssh or git+ forms). */
export function githubDownloadBase(
  repositoryUrl: string | undefined,
  gitTag: string | undefined,
): string | undefined {
  if (!repositoryUrl || !gitTag) return undefined;
  const m = /github\.com[/:]([^/]+)\/([^/]+?)(?:\.git)?\/?$/.exec(repositoryUrl);
  if (!m) return undefined;
  const [owner, repo] = [m[1] as string, m[2] as string].map(encodeURIComponent);
  return `https://github.com/${owner}/${repo}/releases/download/${encodeURIComponent(gitTag)}`;
}

/** One archive as the notes show it; size and sha256 are unknown before the build. */
export interface NotesArchive {
  file: string;
  target: string;
  format: ArchiveFormat;
  topDir: string;
  /** The first binary, as packaged (with `.exe` on Windows). */
  binary: string;
  size?: number;
  sha256?: string;
}

/** `x86_64-unknown-linux-musl` → `Linux x86_64 (musl)`; `aarch64-apple-darwin` → `macOS aarch64`. */
export function platformName(target: string): string {
  const [arch = target, ...rest] = target.split("-");
  const os = rest.join("-");
  const name = /windows/.test(os)
    ? "Windows"
    : /apple|darwin/.test(os)
      ? "macOS"
      : /linux/.test(os)
        ? "Linux"
        : /freebsd/.test(os)
          ? "FreeBSD"
          : os;
  const libc = /musl/.test(os) ? " (musl)" : /windows-gnu/.test(os) ? " (GNU)" : "";
  return `${name} ${arch}${libc}`;
}

const urlOf = (base: string, file: string) => `${base}/${encodeURIComponent(file)}`;

/** `wget url` when the URL ends with the file name as is, else `wget -O file url`. */
function wget(base: string, file: string): string {
  const url = urlOf(base, file);
  return url.endsWith(`/${file}`) ? `wget ${shQuote(url)}` : `wget -O ${shFileArg(file)} ${shQuote(url)}`;
}

/** The command that checks an archive against its `.sha256` on its own platform. */
export function checksumCommand(a: Pick<NotesArchive, "file" | "target">): string {
  const sums = `${a.file}.sha256`;
  if (a.target.includes("windows")) {
    const path = (f: string) => (psPlain(`.\\${f}`) ? `.\\${f}` : `-LiteralPath ${psQuote(`.\\${f}`)}`);
    return `(Get-FileHash ${path(a.file)} -Algorithm SHA256).Hash.ToLower() -eq (Get-Content ${path(sums)}).Split(" ")[0]`;
  }
  return `${a.target.includes("apple") ? "shasum -a 256 -c" : "sha256sum -c"} ${shFileArg(sums)}`;
}

/** PowerShell steps: download with `Invoke-WebRequest`, check with `Get-FileHash`, extract, run. */
function windowsBlock(a: NotesArchive, base: string | undefined): string[] {
  const fetch = base
    ? [a.file, `${a.file}.sha256`].map(
        (f) => `Invoke-WebRequest -Uri ${psQuote(urlOf(base, f))} -OutFile ${psQuote(f)}`,
      )
    : [];
  const extract =
    a.format === "zip"
      ? `Expand-Archive -LiteralPath ${psQuote(`.\\${a.file}`)} -DestinationPath .`
      : `tar -xf ${psQuote(`.\\${a.file}`)}`;
  return [
    "```powershell",
    ...fetch,
    `${checksumCommand(a)}   # True`,
    extract,
    `& ${psQuote(`.\\${a.topDir}\\bin\\${a.binary}`)} --version`,
    "```",
  ];
}

/** sh steps: download with `curl` (or `wget`), check, extract, run. */
function unixBlock(a: NotesArchive, base: string | undefined): string[] {
  const fetch = base
    ? [
        download(base, a.file),
        download(base, `${a.file}.sha256`),
        `# or: ${wget(base, a.file)} && ${wget(base, `${a.file}.sha256`)}`,
      ]
    : [];
  return [
    "```sh",
    ...fetch,
    checksumCommand(a),
    extractCommands[a.format](a.file),
    `${shQuote(`./${a.topDir}/bin/${a.binary}`)} --version`,
    "```",
  ];
}

/**
 * "Install": a table of every platform with its direct download link, then the steps per platform (curl/wget
 * in sh, `Invoke-WebRequest` and `Get-FileHash` in PowerShell). Pure; `EUNSAFENAME` for a control character.
 */
export function renderPlatformInstall(archives: readonly NotesArchive[], base: string | undefined): string {
  throwAll(
    unsafeNameErrors(
      archives.flatMap((a) => [a.file, a.topDir, a.binary, a.target, ...(base ? [base] : [])]),
      "the Install section of the release notes",
    ),
  );
  const link = (a: NotesArchive) => (base ? `[${mdText(a.file)}](<${urlOf(base, a.file)}>)` : cell(a.file));
  const rows = archives.map(
    (a) => `| ${platformName(a.target)} | ${link(a)} | ${a.size === undefined ? "—" : formatSize(a.size)} |`,
  );
  const steps = archives.flatMap((a) => [
    "",
    `### ${platformName(a.target)}`,
    "",
    ...(a.target.includes("windows") ? windowsBlock(a, base) : unixBlock(a, base)),
  ]);
  return [
    "## Install",
    "",
    base
      ? "Download the archive for your platform and its `.sha256` file, verify, extract and run it:"
      : "Download the archive for your platform and its `.sha256` file from the assets of this release, then verify, extract and run it:",
    "",
    "| Platform | Download | Size |",
    "| --- | --- | --- |",
    ...rows,
    ...steps,
  ].join("\n");
}

/** "Verify": the checksum command of each platform, and `SHA256SUMS` for all at once. Pure. */
export function renderChecksums(archives: readonly NotesArchive[]): string {
  const rows = archives.map(
    (a) =>
      `| ${platformName(a.target)} | ${cell(checksumCommand(a))} | ${a.sha256 ? `\`${a.sha256}\`` : "—"} |`,
  );
  return [
    "## Verify",
    "",
    "| Platform | Command | SHA-256 |",
    "| --- | --- | --- |",
    ...rows,
    "",
    "`SHA256SUMS` lists every archive: `sha256sum -c --ignore-missing SHA256SUMS` (`shasum -a 256 -c` on macOS).",
  ].join("\n");
}
