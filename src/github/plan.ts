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
