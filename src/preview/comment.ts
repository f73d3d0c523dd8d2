import { readFile } from "node:fs/promises";
import { getError } from "../errors/get-error.js";
import { GitHubClient, type HttpResponse } from "../github/http-client.js";
import { parseRepositoryUrl } from "../github/parse-repository-url.js";
import { MARKER } from "./marker.js";

export { MARKER };

/** Where the comment goes: the API, the repository and the pull request. */
export interface CommentTarget {
  apiUrl: string;
  owner: string;
  repo: string;
  pr: number;
}

interface IssueComment {
  id: number;
  body?: string;
  html_url?: string;
}

/** The token for GitHub's REST API: `GITHUB_TOKEN`, else `GH_TOKEN`; `undefined` without one. */
export const githubToken = (env: NodeJS.ProcessEnv): string | undefined =>
  env.GITHUB_TOKEN || env.GH_TOKEN || undefined;

/** The pull request's number: `--pr`, else `pull_request.number` of the event in `GITHUB_EVENT_PATH`. */
async function prNumber(pr: string | undefined, env: NodeJS.ProcessEnv): Promise<number> {
  if (pr !== undefined) {
    if (/^[1-9]\d{0,9}$/.test(pr)) return Number(pr);
    throw getError("EPREVIEWTARGET", { reason: `--pr ${pr} is not a pull request number` });
  }
  const event = env.GITHUB_EVENT_PATH
    ? ((await readFile(env.GITHUB_EVENT_PATH, "utf8").then(JSON.parse, () => undefined)) as
        { pull_request?: { number?: unknown } } | undefined)
    : undefined;
  const n = event?.pull_request?.number;
  if (typeof n === "number" && Number.isInteger(n) && n > 0) return n;
  throw getError("EPREVIEWTARGET", { reason: "no --pr and no pull_request.number in GITHUB_EVENT_PATH" });
}

/** The pull request and repository to comment on (`GITHUB_REPOSITORY`, else the repository URL). */
export async function commentTarget(
  o: { pr?: string; repositoryUrl?: string },
  env: NodeJS.ProcessEnv,
): Promise<CommentTarget> {
  const pr = await prNumber(o.pr, env);
  const [owner, repo] = env.GITHUB_REPOSITORY?.split("/") ?? [];
  const parsed = owner && repo ? { owner, repo } : parseRepositoryUrl(o.repositoryUrl ?? "");
  if (!parsed.owner || !parsed.repo)
    throw getError("EPREVIEWTARGET", { reason: "no GITHUB_REPOSITORY and no GitHub repository URL" });
  const apiUrl = env.GITHUB_API_URL || "https://api.github.com";
  return { apiUrl, owner: parsed.owner, repo: parsed.repo, pr };
}

function refused(action: string, t: CommentTarget, res: HttpResponse | undefined) {
  const data = res?.data as { message?: unknown } | undefined;
  return getError("EPREVIEWCOMMENT", {
    action,
    status: res?.status ?? 0,
    message: typeof data?.message === "string" ? data.message : "no answer",
    repo: `${t.owner}/${t.repo}#${t.pr}`,
  });
}

/**
 * Creates the preview comment, or updates the one that carries the marker: never a second one. The body gets the
 * marker when it lacks it. `EPREVIEWCOMMENT` when GitHub refuses (403 for a read-only token).
 */
export async function upsertComment(
  t: CommentTarget,
  token: string,
  markdown: string,
  env: NodeJS.ProcessEnv,
): Promise<{ action: "created" | "updated"; url?: string }> {
  const client = new GitHubClient({ apiUrl: t.apiUrl, token, retries: 3, env });
  const body = markdown.includes(MARKER) ? markdown : `${MARKER}\n${markdown}`;
  const base = `/repos/${encodeURIComponent(t.owner)}/${encodeURIComponent(t.repo)}/issues`;
  const list = await client.paginate<IssueComment>(`${base}/${t.pr}/comments`);
  if (list.error) throw refused("list", t, list.error);
  const mine = list.items.find((c) => c.body?.includes(MARKER));
  const res = mine
    ? await client.request<IssueComment>("PATCH", `${base}/comments/${mine.id}`, { body })
    : await client.request<IssueComment>("POST", `${base}/${t.pr}/comments`, { body }, true);
  if (res.status !== (mine ? 200 : 201)) throw refused(mine ? "update" : "create", t, res);
  return { action: mine ? "updated" : "created", ...(res.data.html_url ? { url: res.data.html_url } : {}) };
}
