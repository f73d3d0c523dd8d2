import type { BinariesConfig } from "../config/options/binaries.js";
import { provenanceEnabled } from "../provenance/write-provenance.js";
import { ARCHIVE_FORMATS, defaultFormat, renderArchiveName, type ArchiveFormat } from "./archive-layout.js";

/** The archive options the binaries plugin passes on to the packaging library. */
export interface ArchiveSettings {
  archiveName: string;
  include: string[];
  includeDefaults: boolean;
  /** Build outputs packaged from disk (`includeGenerated`). */
  includeGenerated: string[];
  level?: number;
  /** Signatures or provenance are published: `INSTALL.md` shows the `verify` command. */
  signed?: boolean;
  formatFor(target: string): ArchiveFormat;
}

export function archiveSettings(config: BinariesConfig): ArchiveSettings {
  const format = config.archiveFormat;
  return {
    archiveName: config.archiveName,
    include: config.include,
    includeDefaults: config.includeDefaults,
    includeGenerated: config.includeGenerated ?? [],
    ...(config.compressionLevel === undefined ? {} : { level: config.compressionLevel }),
    signed: provenanceEnabled(config.provenance, config.sign) || Object.keys(config.sign ?? {}).length > 0,
    formatFor: (target) => format ?? defaultFormat(target),
  };
}

/** The archive file a target gets for a version (`rgreet-v1.2.0-x86_64-unknown-linux-gnu.tar.gz`). */
export function expectedArchive(
  s: ArchiveSettings,
  vars: { name: string; version: string; target: string },
): string {
  return `${renderArchiveName(s.archiveName, vars)}.${s.formatFor(vars.target)}`;
}

/** The format of an archive file by its extension (`tar.gz` when none matches). */
export const formatOfFile = (file: string): ArchiveFormat =>
  ARCHIVE_FORMATS.find((f) => file.endsWith(`.${f}`)) ?? "tar.gz";
