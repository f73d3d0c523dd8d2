import { opt } from "../define.js";
import { fileNameProblem } from "../templates.js";

/** A `name` option: a plain file name (it names files and archives). */
export const plainFileName = opt.custom<string>(
  "a plain file name: not empty, no `/`, `\\`, `..`, line breaks or control characters",
  (v) => (typeof v === "string" && !fileNameProblem(v) ? v : undefined),
);

/** Options every plugin of the bundle reads the same way. */
export const sharedOptions = {
  manifestPath: opt.string(
    "EINVALIDMANIFESTPATH",
    "Path of the workspace's `Cargo.toml`, relative to the repository root, for a workspace in a subfolder.",
    "Cargo.toml",
  ),
  distDir: opt.string(
    "EINVALIDDISTDIR",
    "Folder (relative to the repository root) where archives, checksums and `manifest.json` are written and read.",
    "dist",
  ),
};
