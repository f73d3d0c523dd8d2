import { getError } from "../errors/get-error.js";
import { NetworkError, type GitHubClient, type HttpResponse } from "./http-client.js";
import type { Step } from "../http/retry.js";
import type { GithubSettings } from "./config.js";

export interface RemoteRelease {
  id: number;
  tag_name: string;
  name: string | null;
  body: string | null;
  draft: boolean;
  prerelease: boolean;
  html_url: string;
  upload_url: string;
}

export interface RemoteAsset {
  id: number;
  name: string;
  label: string | null;
  state: string;
  size: number;
  /** `sha256:<hex>`; null on old releases and on GitHub Enterprise versions without digests. */
  digest?: string | null;
  browser_download_url: string;
}

type Repo = Pick<GithubSettings, "owner" | "repo">;
export const repoPath = (s: Repo) => `/repos/${encodeURIComponent(s.owner)}/${encodeURIComponent(s.repo)}`;

/** `EGITHUBAPI` for an answer that was not the expected one. */
export function apiError(method: string, url: string, res: HttpResponse) {
  const data = res.data as { message?: string; errors?: unknown[] } | string | undefined;
  const message =
    typeof data === "object" && data
      ? `${data.message ?? ""}${data.errors ? ` ${JSON.stringify(data.errors)}` : ""}`
      : String(data ?? "");
  return getError("EGITHUBAPI", { method, url, status: res.status, message: message.trim() || "no message" });
}

/** `EGITHUBAPI` for a request that got no answer (connection refused, reset or timed out) after every retry. */
export const noAnswer = (method: string, url: string, failure: Error) =>
  getError("EGITHUBAPI", { method, url, status: "no answer", message: failure.message });

/** `client.request`, with a connection failure that outlived the retries turned into `EGITHUBAPI`. */
async function call<T>(client: GitHubClient, method: string, path: string, body?: unknown) {
  try {
    return await client.request<T>(method, path, body);
  } catch (error) {
    if (error instanceof NetworkError) throw noAnswer(method, client.url(path), error);
    throw error;
  }
}

/** Every item of a list (`Link` pagination); an error answer or no answer becomes `EGITHUBAPI`. */
async function listAll<T>(client: GitHubClient, path: string): Promise<T[]> {
  let list;
  try {
    list = await client.paginate<T>(path);
  } catch (error) {
    if (error instanceof NetworkError) throw noAnswer("GET", client.url(path), error);
    throw error;
  }
  if (list.error) throw apiError("GET", client.url(path), list.error);
  return list.items;
}

async function expect<T>(client: GitHubClient, method: string, path: string, ok: number[], body?: unknown) {
  const res = await call<T>(client, method, path, body);
  if (!ok.includes(res.status)) throw apiError(method, client.url(path), res);
  return res;
}

/** The release of `tag`, drafts included: GitHub finds only published releases by tag, so drafts come from the list. */
export async function findRelease(
  client: GitHubClient,
  s: Repo,
  tag: string,
): Promise<RemoteRelease | undefined> {
  const byTag = await call<RemoteRelease>(
    client,
    "GET",
    `${repoPath(s)}/releases/tags/${encodeURIComponent(tag)}`,
  );
  if (byTag.status === 200) return byTag.data;
  if (byTag.status !== 404) throw apiError("GET", client.url(`${repoPath(s)}/releases/tags/${tag}`), byTag);
  const list = await listAll<RemoteRelease>(client, `${repoPath(s)}/releases`);
  return list.find((r) => r.tag_name === tag && r.draft);
}

/** The release of this id, or `undefined` when GitHub no longer has it (404). */
export async function getRelease(
  client: GitHubClient,
  s: Repo,
  id: number,
): Promise<RemoteRelease | undefined> {
  const path = `${repoPath(s)}/releases/${id}`;
  const res = await call<RemoteRelease>(client, "GET", path);
  if (res.status === 404) return undefined;
  if (res.status !== 200) throw apiError("GET", client.url(path), res);
  return res.data;
}

/**
 * Creates a release. A POST that failed without a clear answer may still have created it, so before sending it
 * again the release is looked up: a retry never makes a second release.
 */
export async function createRelease(
  client: GitHubClient,
  s: Repo,
  fields: Record<string, unknown>,
): Promise<RemoteRelease> {
  const path = `${repoPath(s)}/releases`;
  return client.http.retrying(`POST ${path}`, async (attempt): Promise<Step<RemoteRelease>> => {
    if (attempt > 0) {
      const found = await findRelease(client, s, String(fields.tag_name));
      if (found) return { done: found };
    }
    let res: HttpResponse<RemoteRelease>;
    try {
      res = await client.request<RemoteRelease>("POST", path, fields, true);
    } catch (error) {
      if (!(error instanceof NetworkError)) throw error;
      return {
        failed: { error },
        giveUp: () => Promise.reject(noAnswer("POST", client.url(path), error)),
      };
    }
    if (res.status === 201) return { done: res.data };
    if (res.status < 500) throw apiError("POST", client.url(path), res);
    return { failed: res, giveUp: () => Promise.reject(apiError("POST", client.url(path), res)) };
  });
}

export async function updateRelease(
  client: GitHubClient,
  s: Repo,
  id: number,
  fields: Record<string, unknown>,
) {
  return (await expect<RemoteRelease>(client, "PATCH", `${repoPath(s)}/releases/${id}`, [200], fields)).data;
}

export async function listAssets(client: GitHubClient, s: Repo, releaseId: number): Promise<RemoteAsset[]> {
  return listAll<RemoteAsset>(client, `${repoPath(s)}/releases/${releaseId}/assets`);
}

export async function deleteAsset(client: GitHubClient, s: Repo, assetId: number): Promise<void> {
  // 404: already gone (a concurrent clean-up, or GitHub dropped the half upload itself).
  await expect(client, "DELETE", `${repoPath(s)}/releases/assets/${assetId}`, [204, 404]);
}

/** The upload URL for one asset, from the release's `upload_url` template (`...assets{?name,label}`). */
export function assetUploadUrl(
  release: Pick<RemoteRelease, "upload_url">,
  name: string,
  label?: string,
): string {
  const url = new URL(release.upload_url.replace(/\{[^}]*\}$/, ""));
  url.searchParams.set("name", name);
  if (label) url.searchParams.set("label", label);
  return url.toString();
}
