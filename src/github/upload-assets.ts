import type { Logger } from "../types.js";
import type { AssetAction } from "./plan.js";
import type { GitHubClient } from "./http-client.js";
import { deleteAsset, type RemoteRelease } from "./releases.js";
import type { GithubSettings } from "./config.js";
import { uploadAsset } from "./upload-asset.js";
import { runBounded } from "../util/run-bounded.js";

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

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
  // A failure stops new uploads and is thrown once the running ones have ended: nothing keeps uploading after
  // publish has failed.
  const upload = async (a: AssetAction) => {
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
  };
  await runBounded(
    actions.map((a) => () => upload(a)),
    s.config.concurrency,
  );
  return { uploaded, skipped: total - uploaded };
}
