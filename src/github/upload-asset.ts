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
import { sameContent } from "./plan.js";
import { listAssetsWithDigests } from "./remote-digest.js";
import { retryDelay, type Step } from "../http/retry.js";
import type { GithubSettings } from "./config.js";

const alreadyExists = (res: HttpResponse | undefined) =>
  res?.status === 422 && JSON.stringify(res.data ?? "").includes("already_exists");

/**
 * Uploads one file, streamed from disk (re-opened for each attempt). After a failure it looks at what the release
 * holds under that name: a complete copy counts as done, a half-uploaded one ("starter") is deleted before the
 * file is sent again.
 */
export async function uploadAsset(
  client: GitHubClient,
  s: GithubSettings,
  release: RemoteRelease,
  local: LocalAsset,
): Promise<RemoteAsset> {
  const url = assetUploadUrl(release, local.name, local.label);
  let starter: RemoteAsset | undefined;
  return client.http.retrying(`upload of ${local.name}`, async (): Promise<Step<RemoteAsset>> => {
    if (starter) await deleteAsset(client, s, starter.id);
    starter = undefined;
    let res: HttpResponse<RemoteAsset> | undefined;
    let failure: NetworkError | undefined;
    try {
      res = await client.send<RemoteAsset>("POST", url, undefined, local);
    } catch (error) {
      if (!(error instanceof NetworkError)) throw error;
      failure = error;
    }
    if (res?.status === 201) return { done: res.data };
    const lost = () =>
      failure ? noAnswer("POST", url, failure) : apiError("POST", url, res as HttpResponse);
    const worthALook = failure || alreadyExists(res) || (res && res.status >= 500);
    const f = failure ? { error: failure } : (res as HttpResponse);
    if (!worthALook && retryDelay(f, 0, client.http.retry) === undefined) throw lost();
    const existing = (await listAssetsWithDigests(client, s, release.id, [local])).find(
      (a) => a.name === local.name,
    );
    if (existing && sameContent(existing, local)) return { done: existing };
    if (existing && existing.state === "uploaded" && !s.config.replaceAssets) {
      throw getError("EASSETCONFLICT", {
        release: release.tag_name,
        assets: [
          { name: local.name, remote: existing.digest ?? `${existing.size} bytes`, local: local.sha256 },
        ],
      });
    }
    starter = existing;
    return {
      failed: f,
      giveUp: () => {
        throw lost();
      },
      ...(alreadyExists(res) ? { delayMs: 0 } : {}),
    };
  });
}
