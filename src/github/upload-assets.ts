import type { Logger } from "../types.js";
import type { AssetAction } from "./asset-plan.js";
import type { GitHubClient } from "./http-client.js";
import { deleteAsset, type RemoteRelease } from "./releases.js";
import type { GithubSettings } from "./settings.js";
import { uploadAsset } from "./upload-asset.js";

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Runs `work` over `items` with at most `limit` running at once; the first failure stops new work. */
export async function forEachLimited<T>(
  items: T[],
  limit: number,
  work: (item: T, index: number) => Promise<void>,
) {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        await work(items[index] as T, index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Executes the plan: skips what is there, uploads the rest with bounded concurrency, a log line per asset. */
export async function uploadAssets(
  client: GitHubClient,
  s: GithubSettings,
  release: RemoteRelease,
  actions: AssetAction[],
  logger: Logger,
): Promise<{ uploaded: number; skipped: number }> {
  const total = actions.length;
  let done = 0;
  let uploaded = 0;
  await forEachLimited(actions, s.config.concurrency, async (a) => {
    if (a.action === "skip") {
      done++;
      logger.log(
        "[%d/%d] %s is already on the release (%s), skipped",
        done,
        total,
        a.local.name,
        a.remote.digest ?? mb(a.local.size),
      );
      return;
    }
    if (a.stale) {
      logger.log(
        "Deleting %s asset %s (%s)",
        a.stale.state === "uploaded" ? "outdated" : "incomplete",
        a.stale.name,
        a.stale.state,
      );
      await deleteAsset(client, s, a.stale.id);
    }
    const started = Date.now();
    const asset = await uploadAsset(client, s, release, a.local);
    done++;
    uploaded++;
    const seconds = Math.max((Date.now() - started) / 1000, 0.001);
    logger.log(
      "[%d/%d] Uploaded %s (%s, %s/s)",
      done,
      total,
      asset.name,
      mb(a.local.size),
      mb(a.local.size / seconds),
    );
  });
  return { uploaded, skipped: total - uploaded };
}
