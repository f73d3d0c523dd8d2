import type { Artifact, DistManifest } from "../manifest/dist-manifest.js";

/** The file name of an archive's SBOM, beside it in dist/ and among the release assets. */
export const sbomFileName = (archive: string): string => `${archive}.cdx.json`;

/**
 * The SBOM entries of a manifest (kind `sbom`, with `target` and `describes`, the archive's path), optionally of
 * one target only: what image referrers attach and what a reader of `dist/manifest.json` looks for.
 */
export const sbomArtifacts = (manifest: Pick<DistManifest, "artifacts">, target?: string): Artifact[] =>
  manifest.artifacts.filter((a) => a.kind === "sbom" && (target === undefined || a.target === target));
