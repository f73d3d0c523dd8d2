import { opt } from "../define.js";
import { fileNameProblem } from "../templates.js";

/** A `name` option: a plain file name (it names files and archives). */
export const plainFileName = opt.custom<string>(
  "a plain file name: not empty, no `/`, `\\`, `..`, line breaks or control characters",
  (v) => (typeof v === "string" && !fileNameProblem(v) ? v : undefined),
);

/** Options every plugin of the bundle reads the same way. */
export const sharedOptions = {
  rustRelease: opt.oneOf(["single", "split"] as const)(
    "EINVALIDRUSTRELEASE",
    "Give it as a global option (beside `branches`) so every plugin sees it. `single`: one semantic-release run builds and publishes everything. `split`: the run only bumps, commits, tags and makes the GitHub release a draft; one `semantic-release-rust build --tag` job per target builds from the tag, and `semantic-release-rust finish --tag` checks every target and publishes crates, images and the release.",
    "single",
  ),
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
