import type { BranchSpec, Release } from "../types.js";
import type { DistManifest } from "../manifest/dist-manifest.js";
import { ARTIFACTS_START, renderArtifactTable, replaceArtifactTable } from "../binaries/release-notes.js";
import { notesDataOf, renderNotesSections, type NotesSection } from "../binaries/notes-sections.js";
import { formatOfFile } from "../binaries/archive-settings.js";

export const SECTIONS_START = "<!-- semantic-release-rust:notes -->";
export const SECTIONS_END = "<!-- /semantic-release-rust:notes -->";

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

/**
 * The body with the binaries plugin's sections (Install, Verify, Binaries, ... with the real sizes and hashes)
 * between markers, once: when the manifest says they go into the release body. Download
 * links point at the release's own download folder (from its `html_url`). Pure.
 */
export function withNotesSections(
  body: string,
  manifest: DistManifest | undefined,
  release: { html_url: string; tag_name: string },
): string {
  // A body that has them keeps them (a re-run or `resume` must not rewrite a published release's text); its
  // artifact table is refreshed by `releaseBody`.
  if (!manifest?.notes?.inRelease || body.includes(SECTIONS_START)) return body;
  const data = notesDataOf(manifest, {
    gitTag: release.tag_name,
    downloadBase: release.html_url.replace(
      /\/releases\/tag\/[^/]*$/,
      `/releases/download/${encodeURIComponent(release.tag_name)}`,
    ),
    formatOf: formatOfFile,
  });
  const { notes } = manifest;
  const choice = notes.templateText !== undefined ? { templateText: notes.templateText } : undefined;
  const sections = renderNotesSections(
    data,
    choice ?? (notes.sections ? { sections: notes.sections as NotesSection[] } : undefined),
  );
  return `${body.trimEnd()}\n\n${SECTIONS_START}\n${sections}\n${SECTIONS_END}\n`;
}
