import { opt } from "../define.js";
import { sharedOptions } from "./shared.js";

/** Options of `semantic-release-rust` (Cargo versions). */
export const cargoOptions = {
  ...sharedOptions,
  packages: opt.stringArray(
    "EINVALIDPACKAGES",
    "Names of the packages to release. Default: every member whose version is `version.workspace = true`, else the root package.",
  ),
  placeholderVersion: opt.string(
    "EINVALIDPLACEHOLDERVERSION",
    "A version (such as `0.0.0`) kept in the manifests by teams that do not commit versions back; when the manifests hold it, the check against the last release is skipped.",
  ),
  changelogFile: opt.string(
    "EINVALIDCHANGELOGFILE",
    "Changelog that must hold a heading for the new version after prepare (created by `@semantic-release/changelog` listed earlier).",
  ),
  updateLockfile: opt.boolean(
    "EINVALIDUPDATELOCKFILE",
    "Update the versions of the bumped members in `Cargo.lock` (offline, no resolution).",
    true,
  ),
};
