import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { GitHubState, repoJson, type Urls } from "./github-store.js";
import { Faults, type FaultRule } from "./github-faults.js";
import { notFound, sendError, sendJson } from "./github-http.js";
import { releaseRoutes, type RouteContext } from "./github-releases-routes.js";
import { assetRoutes, downloadRoute, uploadRoute } from "./github-assets-routes.js";
import { releasePageRoute } from "./github-pages.js";
import { commentRoutes } from "./github-comments-routes.js";
import { attestationRoutes } from "./github-attestations-routes.js";

export type Access = "write" | "read" | "none";

export interface GitHubStandInOptions {
  /** The token with write access the stand-in hands out (default: a random `ghp_...`). */
  token?: string;
  /** More tokens and what they may do with every repository. */
  tokens?: Record<string, Access>;
  /** REST path under the server, as on GitHub Enterprise (default `/api/v3`); uploads go to `/api/uploads`. */
  apiPrefix?: string;
  /** Keep uploaded bytes on disk so `browser_download_url` serves them (default true; the bench turns it off). */
  storeBodies?: boolean;
  /** Repositories answer 404 until added with `state.addRepo` (default: created on first access). */
  strictRepos?: boolean;
  /** Hold each upload's answer this many ms once its body is in (to watch uploads overlap). Default 0. */
  uploadDelayMs?: number;
  /** Whether asset JSON carries `digest` (default true; false answers like an older GitHub Enterprise). */
  digests?: boolean;
}

export interface GitHubStandIn {
  /** REST base URL, for `GITHUB_API_URL` or `githubApiUrl`. */
  apiUrl: string;
  /** Web base URL, for `GH_URL`/`githubUrl` together with `apiPrefix` as `GH_PREFIX`/`githubApiPathPrefix`. */
  url: string;
  apiPrefix: string;
  token: string;
  state: GitHubState;
  faults: Faults;
  /** The environment a client needs: `GITHUB_API_URL` and `GH_TOKEN`. */
  env(): Record<string, string>;
  stop(): Promise<void>;
}

const segments = (path: string) => path.split("/").filter(Boolean).map(decodeURIComponent);

function authenticate(req: IncomingMessage, tokens: Map<string, Access>): Access | "bad" | "anonymous" {
  const header = req.headers.authorization;
  if (!header) return "anonymous";
  const token = /^(?:token|bearer)\s+(.+)$/i.exec(header)?.[1]?.trim();
  return token !== undefined && tokens.has(token) ? (tokens.get(token) as Access) : "bad";
}

/** Answers a fault that needs no route (rate limits, server errors, dropped connections on API calls). */
function answerFault(req: IncomingMessage, res: ServerResponse, fault: FaultRule): void {
  req.resume();
  if (fault.kind === "drop") return void req.socket.destroy();
  if (fault.kind === "status") return sendError(res, fault.status ?? 502, "Server Error");
  if (fault.kind === "rate-limit") {
    const reset = Math.floor(Date.now() / 1000) + (fault.resetSeconds ?? 1);
    return sendError(res, 403, "API rate limit exceeded for user ID 1.", {
      doc: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
      headers: {
        "x-ratelimit-remaining": "0",
        "x-ratelimit-reset": String(reset),
        "x-ratelimit-limit": "5000",
      },
    });
  }
  sendError(
    res,
    429,
    "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
    {
      headers: { "retry-after": String(fault.retryAfterSeconds ?? 1) },
    },
  );
}

/** Starts a local HTTP server on 127.0.0.1 that follows GitHub's REST API for releases, release assets and issue comments. */
export async function startGitHubStandIn(opts: GitHubStandInOptions = {}): Promise<GitHubStandIn> {
  const token = opts.token ?? `ghp_standin${randomBytes(12).toString("hex")}`;
  const tokens = new Map<string, Access>([[token, "write"], ...Object.entries(opts.tokens ?? {})]);
  const apiPrefix = opts.apiPrefix ?? "/api/v3";
  const storeDir = opts.storeBodies === false ? undefined : await mkdtemp(join(tmpdir(), "gh-standin-"));
  const state = new GitHubState();
  state.digests = opts.digests ?? true;
  const faults = new Faults();
  const urls: Urls = { web: "", api: "", uploads: "" };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", urls.web);
    const upload = url.pathname.startsWith("/api/uploads/");
    const isApi = url.pathname.startsWith(`${apiPrefix}/`) || upload;
    const userAgent = String(req.headers["user-agent"] ?? "");
    const record = { method: req.method ?? "GET", path: url.pathname, status: 0, userAgent, upload };
    state.requests.push(record);
    res.on("finish", () => (record.status = res.statusCode));
    const fault = isApi
      ? faults.take({ method: record.method, path: url.pathname, upload, userAgent })
      : undefined;
    if (fault?.kind === "drop" && fault.afterHandling) {
      res.end = (() => (req.socket.destroy(), res)) as typeof res.end;
    } else if (fault && !(upload && (fault.kind === "drop" || fault.kind === "status"))) {
      return answerFault(req, res, fault);
    }

    const parts = segments(
      isApi ? url.pathname.slice((upload ? "/api/uploads" : apiPrefix).length) : url.pathname,
    );
    const auth = authenticate(req, tokens);
    if (!isApi) {
      // {web}/{owner}/{repo}/releases/download/{tag}/{name} and the release page {web}/{owner}/{repo}/releases/tag/{tag}
      const [owner = "", repo = "", a, b, tag = "", name = ""] = parts;
      const web = { state, urls, req, res, url, owner, repo, access: "read" as const };
      if (a === "releases" && b === "tag" && parts.length === 5) return releasePageRoute(web, tag);
      if (a !== "releases" || b !== "download") return notFound(res);
      return downloadRoute(web, tag, name);
    }
    if (auth === "bad") return (req.resume(), sendError(res, 401, "Bad credentials"));
    if (parts[0] === "installation")
      return sendError(res, 403, "Resource not accessible by personal access token");
    const [first, owner = "", repo = "", section, ...rest] = parts;
    const access = auth === "anonymous" ? "none" : auth;
    if (first !== "repos" || access === "none") return (req.resume(), notFound(res));
    let repoRecord = state.repos.get(state.repoKey(owner, repo));
    if (!repoRecord && !opts.strictRepos) repoRecord = state.addRepo(owner, repo);
    if (!repoRecord) return (req.resume(), notFound(res));
    const c: RouteContext = {
      state,
      urls,
      req,
      res,
      url,
      owner: repoRecord.owner,
      repo: repoRecord.name,
      access,
    };
    if (section === undefined && req.method === "GET")
      return sendJson(res, 200, repoJson(urls, repoRecord, access === "write"));
    if (section === "releases") {
      if (upload && rest.length === 2 && rest[1] === "assets" && req.method === "POST") {
        return uploadRoute(c, Number(rest[0]), fault, { storeDir, delayMs: opts.uploadDelayMs });
      }
      if (!upload && ((await releaseRoutes(c, rest)) || (await assetRoutes(c, rest)))) return;
    }
    if (section === "issues" && !upload && (await commentRoutes(c, rest))) return;
    if (section === "attestations" && !upload && (await attestationRoutes(c, rest))) return;
    req.resume();
    notFound(res);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendError(res, 500, `stand-in error: ${(error as Error).message}`);
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address() as AddressInfo;
  urls.web = `http://127.0.0.1:${port}`;
  urls.api = `${urls.web}${apiPrefix}`;
  urls.uploads = `${urls.web}/api/uploads`;
  return {
    apiUrl: urls.api,
    url: urls.web,
    apiPrefix,
    token,
    state,
    faults,
    env: () => ({ GITHUB_API_URL: urls.api, GH_TOKEN: token }),
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
      if (storeDir) await rm(storeDir, { recursive: true, force: true });
    },
  };
}
