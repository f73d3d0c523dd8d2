import { setTimeout as sleep } from "node:timers/promises";
import { getError } from "../errors/get-error.js";
import type { LocalAsset } from "./collect-assets.js";
import { NetworkError, type GitHubClient, type HttpResponse } from "./http-client.js";
import {
  apiError,
  assetUploadUrl,
  deleteAsset,
  noAnswer,
  type RemoteAsset,
  type RemoteRelease,
} from "./releases.js";
import { sameContent } from "./asset-plan.js";
import { listAssetsWithDigests } from "./remote-digest.js";
import { retryDelay } from "./retry-policy.js";
import type { GithubSettings } from "./settings.js";

const alreadyExists = (res: HttpResponse | undefined) =>
  res?.status === 422 && JSON.stringify(res.data ?? "").includes("already_exists");

/**
 * Uploads one file, streamed from disk. After a failure it looks at what the release holds under that name: a
 * complete copy counts as done, a half-uploaded one ("starter") is deleted and the file sent again.
 */
export async function uploadAsset(
  client: GitHubClient,
  s: GithubSettings,
  release: RemoteRelease,
  local: LocalAsset,
): Promise<RemoteAsset> {
  const url = assetUploadUrl(release, local.name, local.label);
  for (let attempt = 0; ; attempt++) {
    let res: HttpResponse<RemoteAsset> | undefined;
    let failure: NetworkError | undefined;
    try {
      res = await client.send<RemoteAsset>("POST", url, undefined, local);
    } catch (error) {
      if (!(error instanceof NetworkError)) throw error;
      failure = error;
    }
    if (res?.status === 201) return res.data;
    const retryable = failure || alreadyExists(res) || (res && res.status >= 500);
    let delay = 0;
    if (!alreadyExists(res))
      delay =
        retryDelay({
          ...client.policy(attempt),
          status: res?.status,
          headers: res?.headers,
          network: !!failure,
        }) ?? -1;
    if (!retryable && delay < 0) throw apiError("POST", url, res as HttpResponse);
    const existing = (await listAssetsWithDigests(client, s, release.id, [local])).find(
      (a) => a.name === local.name,
    );
    if (existing && sameContent(existing, local)) return existing;
    if (existing && existing.state === "uploaded" && !s.config.replaceAssets) {
      throw getError("EASSETCONFLICT", {
        release: release.tag_name,
        assets: [
          { name: local.name, remote: existing.digest ?? `${existing.size} bytes`, local: local.sha256 },
        ],
      });
    }
    if (attempt >= s.config.retries || delay < 0) {
      if (failure) throw noAnswer("POST", url, failure);
      throw apiError("POST", url, res as HttpResponse);
    }
    if (existing) await deleteAsset(client, s, existing.id);
    client.o.onRetry?.(`upload of ${local.name}`, delay, failure ? failure.message : `status ${res?.status}`);
    await sleep(delay);
  }
}
