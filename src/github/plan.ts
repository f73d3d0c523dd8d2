import { basename } from "node:path";
import type { Artifact, DistManifest } from "../manifest/dist-manifest.js";
import type { LocalAsset } from "./collect-assets.js";
import type { RemoteAsset } from "./releases.js";

export type AssetAction =
  /** Already on the release with the same sha256. */
  | { action: "skip"; local: LocalAsset; remote: RemoteAsset }
  /** To send; `stale` is a half-uploaded or replaced asset of the same name, deleted first. */
  | { action: "upload"; local: LocalAsset; stale?: RemoteAsset };

interface AssetPlan {
  actions: AssetAction[];
  /** Same name, other digest, and `replaceAssets` is off. */
  conflicts: { name: string; remote: string; local: string }[];
  /** Names two different files would upload as. */
  duplicates: string[];
}

const digestOf = (local: Pick<LocalAsset, "sha256">) => `sha256:${local.sha256}`;

/**
 * Whether a remote asset holds exactly this file: fully uploaded, with this sha256 as its digest. An asset without
 * a digest is never taken as a match on its size alone (`listAssetsWithDigests` hashes such assets first).
 */
export function sameContent(remote: RemoteAsset, local: LocalAsset): boolean {
  return remote.state === "uploaded" && remote.digest === digestOf(local);
}

/** Pure: what to do with each local asset given what the release already holds. */
export function planAssets(
  locals: LocalAsset[],
  remotes: RemoteAsset[],
  o: { replaceAssets: boolean },
): AssetPlan {
  const plan: AssetPlan = { actions: [], conflicts: [], duplicates: [] };
  const seen = new Map<string, LocalAsset>();
  for (const local of locals) {
    const before = seen.get(local.name);
    if (before) {
      if (before.path !== local.path) plan.duplicates.push(local.name);
      continue;
    }
    seen.set(local.name, local);
    const remote = remotes.find((r) => r.name === local.name);
    if (!remote) plan.actions.push({ action: "upload", local });
    else if (sameContent(remote, local)) plan.actions.push({ action: "skip", local, remote });
    else if (remote.state !== "uploaded" || o.replaceAssets)
      plan.actions.push({ action: "upload", local, stale: remote });
    else
      plan.conflicts.push({
        name: local.name,
        remote: remote.digest ?? `${remote.size} bytes`,
        local: local.sha256,
      });
  }
  return plan;
}

/** The manifest's artifacts that belong on a release page (binaries are staged for images only). */
export const RELEASE_KINDS = new Set([
  "archive",
  "checksum",
  "checksums",
  "installer",
  "signature",
  "package",
  "provenance",
  "sbom",
]);

/** The manifest's release files in its order, each with the asset name it is uploaded under. */
export const manifestAssets = (manifest: DistManifest | undefined): { artifact: Artifact; name: string }[] =>
  (manifest?.artifacts ?? [])
    .filter((a) => RELEASE_KINDS.has(a.kind))
    .map((artifact) => ({ artifact, name: basename(artifact.path) }));

/** Asset names in upload order: the release files, then each pattern's matches; a name only once. */
export const assetUploadOrder = (releaseFiles: readonly string[], globs: readonly { names: string[] }[]) => [
  ...new Set([...releaseFiles, ...globs.flatMap((g) => g.names)]),
];

/** What the GitHub plugin would do for a release, as JSON data. */
export interface GithubPlanData {
  /** `owner/repo`. */
  repository: string;
  apiUrl: string;
  tag: string;
  /** The release's title. */
  name: string;
  prerelease: boolean;
  makeLatest: "true" | "false" | "legacy";
  /** The release stays a draft after its assets are verified. */
  draftRelease: boolean;
  /**
   * Where @semantic-release/github is listed: `after` this plugin (it creates the release, the assets go up in
   * success), `before` it (it creates the release, this plugin's publish fills it) or `none` (this plugin creates it).
   */
  upstream: "before" | "after" | "none";
  /** The dist folder as configured. */
  distDir: string;
  /** The manifest's release files, when a manifest of this version exists already; else they come after prepare. */
  manifestAssets?: string[];
  /** Without such a manifest: the release files the binaries plan will write (when it is listed). */
  plannedAssets?: string[];
  /** Each `assets` pattern with the asset names it matches now. */
  globs: { pattern: string; names: string[] }[];
  assetLabel?: string;
  /**
   * Every asset name in upload order: the release files (from the manifest of this version, else from the
   * binaries plan), then the patterns' matches.
   */
  assets: string[];
  /** Where the release files' names come from; `prepare`: unknown until the manifest is written. */
  assetsFrom: "manifest" | "binaries plan" | "prepare";
}
