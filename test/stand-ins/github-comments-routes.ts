import type { GitHubState } from "./github-store.js";
import { notFound, readJson, sendError, sendJson, sendPage, validationFailed } from "./github-http.js";
import type { RouteContext } from "./github-releases-routes.js";

/** An issue (or pull-request) comment as the stand-in keeps it. */
export interface CommentRecord {
  id: number;
  owner: string;
  repo: string;
  issue: number;
  body: string;
  created_at: string;
  updated_at: string;
}

const comments = new WeakMap<GitHubState, CommentRecord[]>();

/** Every comment the stand-in holds for one issue or pull request, oldest first. */
export function issueComments(
  state: GitHubState,
  owner: string,
  repo: string,
  issue: number,
): CommentRecord[] {
  const key = state.repoKey(owner, repo);
  return (comments.get(state) ?? []).filter(
    (c) => state.repoKey(c.owner, c.repo) === key && c.issue === issue,
  );
}

function commentJson(c: RouteContext, r: CommentRecord) {
  const repoUrl = `${c.urls.api}/repos/${r.owner}/${r.repo}`;
  return {
    id: r.id,
    node_id: `IC_${r.id}`,
    url: `${repoUrl}/issues/comments/${r.id}`,
    html_url: `${c.urls.web}/${r.owner}/${r.repo}/pull/${r.issue}#issuecomment-${r.id}`,
    issue_url: `${repoUrl}/issues/${r.issue}`,
    body: r.body,
    user: { login: "github-actions[bot]", id: 41898282, type: "Bot" },
    author_association: "NONE",
    created_at: r.created_at,
    updated_at: r.updated_at,
  };
}

/** The body of a create or update: `{ body }`, a string (422 `missing_field` otherwise). */
async function bodyOf(c: RouteContext): Promise<string | undefined> {
  const json = await readJson(c.req, c.res);
  if (!json) return undefined;
  if (typeof json.body === "string" && json.body !== "") return json.body;
  validationFailed(c.res, [{ resource: "IssueComment", code: "missing_field", field: "body" }]);
  return undefined;
}

/** A token that can only read: GitHub's answer to a fork's `GITHUB_TOKEN`. */
const readOnly = (c: RouteContext) => (
  c.req.resume(),
  sendError(c.res, 403, "Resource not accessible by integration")
);

async function create(c: RouteContext, issue: number): Promise<void> {
  if (c.access !== "write") return readOnly(c);
  const body = await bodyOf(c);
  if (body === undefined) return;
  const now = new Date().toISOString();
  const r = { id: c.state.id(), owner: c.owner, repo: c.repo, issue, body, created_at: now, updated_at: now };
  comments.set(c.state, [...(comments.get(c.state) ?? []), r]);
  const json = commentJson(c, r);
  sendJson(c.res, 201, json, { location: json.url });
}

async function update(c: RouteContext, r: CommentRecord): Promise<void> {
  if (c.access !== "write") return readOnly(c);
  const body = await bodyOf(c);
  if (body === undefined) return;
  r.body = body;
  r.updated_at = new Date().toISOString();
  sendJson(c.res, 200, commentJson(c, r));
}

/**
 * Routes under `/repos/{owner}/{repo}/issues`: list (paginated), create and update comments, as GitHub documents
 * them (every positive issue number exists). Returns false when no route matched.
 */
export async function commentRoutes(c: RouteContext, rest: string[]): Promise<boolean> {
  const m = c.req.method;
  const [a = "", b, ...more] = rest;
  if (more.length > 0) return false;
  if (/^[1-9]\d*$/.test(a) && b === "comments") {
    if (m === "GET") {
      c.req.resume();
      sendPage(
        c.res,
        c.url,
        issueComments(c.state, c.owner, c.repo, Number(a)).map((r) => commentJson(c, r)),
      );
    } else if (m === "POST") await create(c, Number(a));
    else return false;
    return true;
  }
  if (a === "comments" && b !== undefined) {
    const r = (comments.get(c.state) ?? []).find(
      (x) => x.id === Number(b) && c.state.repoKey(x.owner, x.repo) === c.state.repoKey(c.owner, c.repo),
    );
    if (!r) return (c.req.resume(), notFound(c.res), true);
    if (m === "GET") sendJson(c.res, 200, commentJson(c, r));
    else if (m === "PATCH") await update(c, r);
    else return false;
    return true;
  }
  return false;
}
