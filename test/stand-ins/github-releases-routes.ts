import type { IncomingMessage, ServerResponse } from "node:http";
import { rm } from "node:fs/promises";
import { releaseJson, type GitHubState, type ReleaseRecord, type Urls } from "./github-store.js";
import { notFound, readJson, sendError, sendJson, sendPage, validationFailed } from "./github-http.js";

/** What every route handler gets: the parsed request and the caller's access to the repository. */
export interface RouteContext {
  state: GitHubState;
  urls: Urls;
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  owner: string;
  repo: string;
  access: "write" | "read";
}

const forbidden = (res: ServerResponse) =>
  sendError(res, 403, "Resource not accessible by personal access token");

/** `make_latest` as GitHub applies it: "true" (default for a published release), "false", or "legacy". */
function applyLatest(c: RouteContext, r: ReleaseRecord, makeLatest: unknown): void {
  const key = c.state.repoKey(c.owner, c.repo);
  if (r.draft || r.prerelease || makeLatest === "false") {
    if (c.state.latest.get(key) === r.id) c.state.latest.delete(key);
    return;
  }
  if (makeLatest === "true" || makeLatest === undefined) c.state.latest.set(key, r.id);
}

function tagTaken(c: RouteContext, tag: string, except?: number): boolean {
  return c.state.releasesOf(c.owner, c.repo).some((r) => !r.draft && r.tag_name === tag && r.id !== except);
}

const tagExists = [{ resource: "Release", code: "already_exists", field: "tag_name" }];

async function create(c: RouteContext): Promise<void> {
  if (c.access !== "write") return forbidden(c.res);
  const body = await readJson(c.req, c.res);
  if (!body) return;
  if (typeof body.tag_name !== "string" || body.tag_name === "") {
    return validationFailed(c.res, [{ resource: "Release", code: "missing_field", field: "tag_name" }]);
  }
  if (tagTaken(c, body.tag_name)) return validationFailed(c.res, tagExists);
  const now = new Date().toISOString();
  const draft = body.draft === true;
  const r: ReleaseRecord = {
    id: c.state.id(),
    owner: c.owner,
    repo: c.repo,
    tag_name: body.tag_name,
    target_commitish: typeof body.target_commitish === "string" ? body.target_commitish : "main",
    name: typeof body.name === "string" ? body.name : null,
    body: typeof body.body === "string" ? body.body : null,
    draft,
    prerelease: body.prerelease === true,
    created_at: now,
    published_at: draft ? null : now,
    untagged: c.state.newUntagged(),
  };
  c.state.releases.set(r.id, r);
  applyLatest(c, r, body.make_latest);
  const json = releaseJson(c.urls, c.state, r);
  sendJson(c.res, 201, json, { location: json.url });
}

async function update(c: RouteContext, r: ReleaseRecord): Promise<void> {
  if (c.access !== "write") return forbidden(c.res);
  const body = await readJson(c.req, c.res);
  if (!body) return;
  const tag = typeof body.tag_name === "string" ? body.tag_name : r.tag_name;
  const draft = typeof body.draft === "boolean" ? body.draft : r.draft;
  if (!draft && tagTaken(c, tag, r.id)) return validationFailed(c.res, tagExists);
  const published = r.draft && !draft;
  if (published) r.published_at = new Date().toISOString();
  r.tag_name = tag;
  r.draft = draft;
  if (typeof body.target_commitish === "string") r.target_commitish = body.target_commitish;
  if (typeof body.name === "string") r.name = body.name;
  if (typeof body.body === "string") r.body = body.body;
  if (typeof body.prerelease === "boolean") r.prerelease = body.prerelease;
  const makeLatest = body.make_latest ?? (published ? "true" : undefined);
  if (makeLatest !== undefined || r.prerelease) applyLatest(c, r, makeLatest ?? "legacy");
  sendJson(c.res, 200, releaseJson(c.urls, c.state, r));
}

async function remove(c: RouteContext, r: ReleaseRecord): Promise<void> {
  if (c.access !== "write") return forbidden(c.res);
  for (const a of c.state.assetsOf(r.id)) {
    c.state.assets.delete(a.id);
    if (a.file) await rm(a.file, { force: true });
  }
  c.state.releases.delete(r.id);
  c.state.latest.delete(c.state.repoKey(c.owner, c.repo));
  c.res.writeHead(204).end();
}

function latest(c: RouteContext): ReleaseRecord | undefined {
  const explicit = c.state.releases.get(c.state.latest.get(c.state.repoKey(c.owner, c.repo)) ?? -1);
  if (explicit && !explicit.draft && !explicit.prerelease) return explicit;
  return c.state.releasesOf(c.owner, c.repo).find((r) => !r.draft && !r.prerelease);
}

/** Routes under `/repos/{owner}/{repo}/releases` except assets. Returns false when no route matched. */
export async function releaseRoutes(c: RouteContext, rest: string[]): Promise<boolean> {
  const m = c.req.method;
  const visible = (r: ReleaseRecord | undefined) =>
    r &&
    c.state.repoKey(r.owner, r.repo) === c.state.repoKey(c.owner, c.repo) &&
    (!r.draft || c.access === "write")
      ? r
      : undefined;
  if (rest.length === 0 && m === "GET") {
    const list = c.state.releasesOf(c.owner, c.repo).filter((r) => visible(r));
    sendPage(
      c.res,
      c.url,
      list.map((r) => releaseJson(c.urls, c.state, r)),
    );
  } else if (rest.length === 0 && m === "POST") await create(c);
  else if (rest.length === 1 && rest[0] === "latest" && m === "GET") {
    const r = latest(c);
    if (r) sendJson(c.res, 200, releaseJson(c.urls, c.state, r));
    else notFound(c.res);
  } else if (rest.length === 2 && rest[0] === "tags" && m === "GET") {
    // Like GitHub: drafts have no tag yet, so they are never found by tag.
    const r = c.state.releaseByTag(c.owner, c.repo, rest[1] ?? "");
    if (r) sendJson(c.res, 200, releaseJson(c.urls, c.state, r));
    else notFound(c.res);
  } else if (rest.length === 1 && /^\d+$/.test(rest[0] ?? "")) {
    const r = visible(c.state.releases.get(Number(rest[0])));
    if (!r) notFound(c.res);
    else if (m === "GET") sendJson(c.res, 200, releaseJson(c.urls, c.state, r));
    else if (m === "PATCH") await update(c, r);
    else if (m === "DELETE") await remove(c, r);
    else return false;
  } else return false;
  return true;
}
