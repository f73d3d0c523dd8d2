import type { BranchSpec, Release } from "../types.js";
import type { DistManifest } from "../manifest/dist-manifest.js";
import { ARTIFACTS_START, renderArtifactTable, replaceArtifactTable } from "../binaries/release-notes.js";

/** Whether the branch publishes prereleases, as @semantic-release/github decides it. */
export function isPrerelease(branch: BranchSpec | undefined): boolean {
  if (!branch || branch.prerelease === false) return false;
  return (
    branch.type === "prerelease" ||
    (branch.type === "release" && !branch.main) ||
    typeof branch.prerelease === "string" ||
    branch.prerelease === true
  );
}

/** `make_latest`: never for prereleases, by date and version ("legacy") on maintenance branches, else true. */
export function makeLatest(branch: BranchSpec | undefined): "true" | "false" | "legacy" {
  if (isPrerelease(branch)) return "false";
  return branch?.type === "maintenance" ? "legacy" : "true";
}

/** The notes with the marked artifact table filled in from the manifest (unchanged without the marker). */
export function releaseBody(notes: string | undefined, manifest: DistManifest | undefined): string {
  const text = notes ?? "";
  return manifest && text.includes(ARTIFACTS_START)
    ? replaceArtifactTable(text, renderArtifactTable(manifest))
    : text;
}

/** The fields of a new release (a draft until its assets are verified). */
export function newReleaseFields(release: Release, branch: BranchSpec | undefined, body: string) {
  return {
    tag_name: release.gitTag,
    target_commitish: branch?.name ?? "main",
    name: release.name ?? release.gitTag,
    body,
    draft: true,
    prerelease: isPrerelease(branch),
  };
}
