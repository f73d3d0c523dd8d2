import { createHash } from "node:crypto";
import { NetworkError, type HttpClient } from "../http/client.js";
import type { HeaderMap, Step } from "../http/retry.js";
import type { Logger } from "../types.js";
import type { LocalAsset } from "./collect-assets.js";
import type { GitHubClient } from "./http-client.js";
import { apiError, listAssets, noAnswer, repoPath, type RemoteAsset } from "./releases.js";
import type { GithubSettings } from "./config.js";

type Hashed = { status: number; headers: HeaderMap; sha256?: string; location?: string; body?: string };

/** One GET whose body is hashed as it streams in (never held in memory); redirects are returned, not followed. */
export async function hashGet(http: HttpClient, url: URL, headers: Record<string, string>): Promise<Hashed> {
  const res = await http.send({ url, headers });
  const location = res.headers.location;
  if (res.status >= 300 && res.status < 400 && typeof location === "string") {
    await res.body.dump?.();
    return { status: res.status, headers: res.headers, location };
  }
  const hash = createHash("sha256");
  let text = "";
  try {
    for await (const c of res.body) {
      if (res.status === 200) hash.update(c as Buffer);
      else text += String(c);
    }
  } catch (error) {
    throw new NetworkError(error as Error);
  }
  return {
    status: res.status,
    headers: res.headers,
    ...(res.status === 200 ? { sha256: hash.digest("hex") } : { body: text }),
  };
}

/**
 * The sha256 of an asset as GitHub serves it: `GET /repos/{o}/{r}/releases/assets/{id}` with
 * `Accept: application/octet-stream`, following the redirect to the storage URL. The token goes only to the API's
 * own origin, never to the storage host. Network errors and 5xx are retried like any other request.
 */
export async function downloadDigest(client: GitHubClient, s: GithubSettings, asset: RemoteAsset) {
  const start = new URL(client.url(`${repoPath(s)}/releases/assets/${asset.id}`));
  return client.http.retrying(`download of ${asset.name}`, async (): Promise<Step<string>> => {
    let url = start;
    let got: Hashed | undefined;
    try {
      for (let hops = 0; hops < 5; hops++) {
        const headers: Record<string, string> = { accept: "application/octet-stream" };
        if (url.origin === start.origin) headers.authorization = `token ${client.o.token}`;
        got = await hashGet(client.http, url, headers);
        if (!got.location) break;
        url = new URL(got.location, url);
      }
    } catch (error) {
      if (!(error instanceof NetworkError)) throw error;
      return { failed: { error }, giveUp: () => Promise.reject(noAnswer("GET", url.toString(), error)) };
    }
    if (got?.sha256) return { done: `sha256:${got.sha256}` };
    const res = { status: got?.status ?? 0, headers: {}, data: got?.body };
    return { failed: got ?? {}, giveUp: () => Promise.reject(apiError("GET", url.toString(), res)) };
  });
}

/**
 * The release's assets, each with a `digest`. GitHub Enterprise versions (and assets uploaded before June 2025)
 * report none: an asset that could be one of `locals` (same name and size, fully uploaded) is then downloaded and
 * hashed, so skipping and verifying always compare sha256 values, never sizes alone.
 */
export async function listAssetsWithDigests(
  client: GitHubClient,
  s: GithubSettings,
  releaseId: number,
  locals: LocalAsset[],
  logger?: Logger,
): Promise<RemoteAsset[]> {
  const remotes = await listAssets(client, s, releaseId);
  const out: RemoteAsset[] = [];
  for (const r of remotes) {
    const local = locals.find((l) => l.name === r.name);
    if (r.digest || r.state !== "uploaded" || !local || local.size !== r.size) {
      out.push(r);
      continue;
    }
    logger?.log("GitHub reports no digest for %s: downloading it to check its sha256", r.name);
    out.push({ ...r, digest: await downloadDigest(client, s, r) });
  }
  return out;
}
