import { opt } from "../define.js";

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
