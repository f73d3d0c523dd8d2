import { LEVELS } from "../../binaries/archive-compress.js";
import { opt } from "../define.js";

// The one table of levels per format; verifyConditions checks the level against each target's format.
const MIN_LEVEL = Math.min(...Object.values(LEVELS).map((l) => l.min));
const MAX_LEVEL = Math.max(...Object.values(LEVELS).map((l) => l.max));

/** Archive options of `semantic-release-rust/binaries` (spread into that plugin's schema). */
export const archivesOptions = {
  archiveFormat: opt.oneOf(["tar.gz", "tar.xz", "tar.zst", "zip"] as const)(
    "EINVALIDARCHIVEFORMAT",
    "Archive format for every target. Default: `zip` for `*-windows-*` targets, `tar.gz` for the others. `tar.xz` and `tar.zst` need the `xz` / `zstd` programs.",
  ),
  archiveName: opt.string(
    "EINVALIDARCHIVENAME",
    "Name of each archive and of its top folder, without extension; `{name}`, `{version}` and `{target}` are replaced.",
    "{name}-v{version}-{target}",
  ),
  include: opt.stringArray(
    "EINVALIDINCLUDE",
    'Extra files to package, as globs relative to the workspace root; a folder means all its files. `"from -> to"` puts them elsewhere in the archive, such as `"docs/user/*.md -> docs/"`. A pattern that matches nothing is an error.',
    [],
  ),
  includeGenerated: opt.stringArray(
    "EINVALIDINCLUDEGENERATED",
    'Build outputs that are not committed (man pages, completions) to package from disk, as globs relative to the workspace root or starting with `{targetDir}` (the cargo target folder), with the same `"from -> to"` syntax, such as `"{targetDir}/man/*.1 -> man/"`. Every file must lie inside the workspace or the cargo target folder, links resolved. `include` and the defaults only package files of the release commit.',
  ),
  includeDefaults: opt.boolean(
    "EINVALIDINCLUDEDEFAULTS",
    "Also package `README*`, `LICENSE*`, `CHANGELOG*` and the `demo/` and `configs/` folders found at the workspace root.",
    true,
  ),
  compressionLevel: opt.custom<number>(`an integer from ${MIN_LEVEL} to ${MAX_LEVEL}`, (v) =>
    typeof v === "number" && Number.isInteger(v) && v >= MIN_LEVEL && v <= MAX_LEVEL ? v : undefined,
  )(
    "EINVALIDCOMPRESSIONLEVEL",
    "Compression level: 0-9 for `tar.gz`, `zip` and `tar.xz`, 1-19 for `tar.zst`. Default: 6 (like `gzip -6` and `xz -6`), 3 for `tar.zst`. Archives stay reproducible at any level.",
  ),
};
