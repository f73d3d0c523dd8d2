import { createHash } from "node:crypto";
import http, { type IncomingHttpHeaders } from "node:http";
import https from "node:https";
import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "../types.js";
import type { LocalAsset } from "./collect-assets.js";
import type { GitHubClient } from "./http-client.js";
import { apiError, listAssets, noAnswer, repoPath, type RemoteAsset } from "./releases.js";
import { retryDelay } from "./retry-policy.js";
import type { GithubSettings } from "./settings.js";

type Hashed = {
  status: number;
  headers: IncomingHttpHeaders;
  sha256?: string;
  location?: string;
  body?: string;
};

/** One GET whose body is hashed as it streams in (never held in memory); redirects are returned, not followed. */
function hashGet(url: URL, headers: Record<string, string>): Promise<Hashed> {
  const lib = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.get(url, { headers }, (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && res.headers.location) {
        res.resume();
        return resolve({ status, headers: res.headers, location: res.headers.location });
      }
      const hash = createHash("sha256");
      let text = "";
      res.on("data", (c: Buffer) => (status === 200 ? hash.update(c) : (text += c.toString("utf8"))));
      res.on("error", reject);
      res.on("end", () =>
        resolve({
          status,
          headers: res.headers,
          ...(status === 200 ? { sha256: hash.digest("hex") } : { body: text }),
        }),
      );
    });
    req.setTimeout(120_000, () => req.destroy(new Error("download timed out")));
    req.on("error", reject);
  });
}

/**
 * The sha256 of an asset as GitHub serves it: `GET /repos/{o}/{r}/releases/assets/{id}` with
 * `Accept: application/octet-stream`, following the redirect to the storage URL. The token goes only to the API's
 * own origin, never to the storage host. Network errors and 5xx are retried like any other request.
 */
export async function downloadDigest(client: GitHubClient, s: GithubSettings, asset: RemoteAsset) {
  const start = new URL(client.url(`${repoPath(s)}/releases/assets/${asset.id}`));
  for (let attempt = 0; ; attempt++) {
    let url = start;
    let got: Hashed | undefined;
    let failure: Error | undefined;
    try {
      for (let hops = 0; hops < 5; hops++) {
        const headers: Record<string, string> = {
          accept: "application/octet-stream",
          "user-agent": client.o.userAgent ?? "semantic-release-rust",
        };
        if (url.origin === start.origin) headers.authorization = `token ${client.o.token}`;
        got = await hashGet(url, headers);
        if (!got.location) break;
        url = new URL(got.location, url);
      }
    } catch (error) {
      failure = error as Error;
    }
    if (got?.sha256) return `sha256:${got.sha256}`;
    const delay =
      attempt < client.o.retries
        ? retryDelay({
            ...client.policy(attempt),
            status: got?.status,
            headers: got?.headers,
            network: !!failure,
          })
        : undefined;
    if (delay === undefined) {
      if (failure) throw noAnswer("GET", url.toString(), failure);
      throw apiError("GET", url.toString(), { status: got?.status ?? 0, headers: {}, data: got?.body });
    }
    client.o.onRetry?.(
      `download of ${asset.name}`,
      delay,
      failure ? failure.message : `status ${got?.status}`,
    );
    await sleep(delay);
  }
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
