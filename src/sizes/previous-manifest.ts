import { HttpClient, NetworkError, type HttpAnswer, type HttpDeps } from "../http/client.js";
import { parseManifest, type DistManifest } from "../manifest/dist-manifest.js";
import { resolveApiUrl } from "../github/config.js";
import { parseRepositoryUrl } from "../github/parse-repository-url.js";
import { CARGO_PLUGIN } from "../plugins.js";

/** The name the github plugin uploads `{distDir}/manifest.json` under. */
export const MANIFEST_ASSET = "manifest.json";

interface PreviousInput {
  repositoryUrl: string | undefined;
  /** The last release's tag; none on a first release. */
  gitTag: string | undefined;
  env: NodeJS.ProcessEnv;
  deps?: HttpDeps;
}

/** The previous manifest, or why there is none (the gate then skips the increase check). */
export type Previous = { manifest: DistManifest } | { manifest?: undefined; reason: string };

/** The web URL of the GitHub server: `GITHUB_SERVER_URL`, `GH_URL`/`GITHUB_URL`, else derived from the API URL. */
function webUrl(env: NodeJS.ProcessEnv, apiUrl: string): string {
  const url = env.GITHUB_SERVER_URL ?? env.GH_URL ?? env.GITHUB_URL;
  if (url) return url.replace(/\/+$/, "");
  if (apiUrl === "https://api.github.com") return "https://github.com";
  return apiUrl.replace(/\/api\/v3$/, "");
}

/** GET following up to 5 redirects; the token goes only to the API's own origin, never to a storage host. */
async function getFollowing(http: HttpClient, start: URL, headers: Record<string, string>, token?: string) {
  let url = start;
  let answer: HttpAnswer | undefined;
  for (let hop = 0; hop < 5; hop++) {
    const auth: Record<string, string> =
      token && url.origin === start.origin ? { authorization: `token ${token}` } : {};
    answer = await http.request({ url, headers: { ...headers, ...auth } });
    const location = answer.header("location");
    if (answer.status < 300 || answer.status >= 400 || !location) break;
    url = new URL(location, url);
  }
  return answer as HttpAnswer;
}

/** With a token: the release by tag through the API, then its `manifest.json` asset (private repositories too). */
async function throughApi(http: HttpClient, api: string, repo: string, tag: string, token: string) {
  const release = await getFollowing(
    http,
    new URL(`${api}${repo}/releases/tags/${encodeURIComponent(tag)}`),
    { accept: "application/vnd.github+json" },
    token,
  );
  if (release.status !== 200) return undefined;
  const asset = release
    .data<{ assets?: { id: number; name: string }[] }>()
    .assets?.find((a) => a.name === MANIFEST_ASSET);
  if (!asset) return undefined;
  const url = new URL(`${api}${repo}/releases/assets/${asset.id}`);
  return getFollowing(http, url, { accept: "application/octet-stream" }, token);
}

/**
 * The last release's `manifest.json` asset: through the API with `GH_TOKEN`/`GITHUB_TOKEN` when there is one,
 * else (or when the API does not find it) the public download URL. Never throws: a missing asset, a first
 * release, an unreachable server or a bad file give a reason instead.
 */
export async function fetchPreviousManifest(i: PreviousInput): Promise<Previous> {
  if (!i.gitTag) return { reason: "this is the first release" };
  const { owner, repo } = parseRepositoryUrl(i.repositoryUrl ?? "");
  const configured = i.env.GITHUB_API_URL || i.env.GH_URL || i.env.GITHUB_URL;
  if (!owner || !repo || (!configured && !/github\.com[/:]/.test(i.repositoryUrl ?? "")))
    return { reason: "the repository is not on GitHub" };
  const apiUrl = resolveApiUrl({}, i.env);
  const token = i.env.GH_TOKEN || i.env.GITHUB_TOKEN || undefined;
  const http = new HttpClient({ env: i.env, userAgent: CARGO_PLUGIN, retries: 2, ...i.deps });
  const path = `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`;
  try {
    let answer = token ? await throughApi(http, apiUrl, path, i.gitTag, token) : undefined;
    if (answer?.status !== 200) {
      const web = webUrl(i.env, apiUrl);
      const url = `${web}/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/releases/download/${encodeURIComponent(i.gitTag)}/${MANIFEST_ASSET}`;
      answer = await getFollowing(http, new URL(url), { accept: "application/octet-stream" });
    }
    if (answer.status !== 200)
      return { reason: `release ${i.gitTag} has no ${MANIFEST_ASSET} asset (HTTP ${answer.status})` };
    return { manifest: parseManifest(answer.text(), `${MANIFEST_ASSET} of ${i.gitTag}`) };
  } catch (error) {
    if (error instanceof NetworkError) return { reason: `GitHub did not answer (${error.message})` };
    return { reason: (error as Error).message };
  }
}
