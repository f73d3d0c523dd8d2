import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { CratesFaults, type CratesRoute } from "./crates-faults.js";
import { indexLine, indexPath } from "./crates-index-file.js";
import { crateEntries, parsePublishBody, type NewCrate } from "./crates-publish-body.js";

/** A version the stand-in holds. */
export interface StoredCrate {
  name: string;
  vers: string;
  cksum: string;
  deps: NewCrate["deps"];
  /** When the upload was accepted, and when the index starts to show it (ms since epoch). */
  receivedAt: number;
  visibleAt: number;
  bytes: Buffer;
  line: Record<string, unknown>;
}

export interface CratesRegistry {
  /** `sparse+http://127.0.0.1:PORT/index/`, for `[registries.NAME] index = ...`. */
  indexUrl: string;
  /** `http://127.0.0.1:PORT`. */
  baseUrl: string;
  /** The one token the publish API accepts. */
  token: string;
  faults: CratesFaults;
  /** Published versions, in upload order. */
  crates(): StoredCrate[];
  /** Every publish request with its answer, in order (rejected ones too). */
  publishAttempts: { name: string; vers: string; status: number; at: number }[];
  stop(): Promise<void>;
}

export interface CratesRegistryOptions {
  token?: string;
  /** Index requests need the token too (`auth-required` in config.json). */
  authRequired?: boolean;
}

/**
 * A local crates registry for tests, driven by the real cargo: the sparse index (`config.json` and one
 * JSON line per version), `PUT /api/v1/crates/new`, downloads, with faults tests inject.
 */
export async function startCratesRegistry(opts: CratesRegistryOptions = {}): Promise<CratesRegistry> {
  const token = opts.token ?? `srr-test-${randomBytes(12).toString("hex")}`;
  const faults = new CratesFaults();
  const store = new Map<string, StoredCrate[]>();
  const publishAttempts: CratesRegistry["publishAttempts"] = [];
  let base = "";

  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  };
  const apiError = (
    res: ServerResponse,
    status: number,
    detail: string,
    headers: Record<string, string> = {},
  ) => json(res, status, { errors: [{ detail }] }, headers);

  /** Uploads in the order they arrived (several may share a time on a test's injected clock). */
  const arrivals: string[] = [];
  const arrival = (c: { name: string; vers: string }) => arrivals.indexOf(`${c.name}@${c.vers}`);

  /** Answers an injected fault; true when one fired. */
  const fault = (res: ServerResponse, route: CratesRoute, crate: string): boolean => {
    const f = faults.take(route, crate);
    if (!f) return false;
    if (f.status === 429) {
      const seconds = f.retryAfterSeconds ?? 1;
      const after = new Date(faults.now() + seconds * 1000).toUTCString();
      apiError(
        res,
        429,
        f.detail ??
          `You have published too many new crates in a short period of time. Please try again after ${after} or email help@crates.io to have your limit increased.`,
        { "retry-after": String(seconds) },
      );
    } else if (f.status >= 500) {
      res.writeHead(f.status, { "content-type": "text/plain" });
      res.end("Internal Server Error");
    } else apiError(res, f.status, f.detail ?? "request refused");
    return true;
  };

  const authorized = (req: IncomingMessage) => req.headers.authorization === token;

  function serveIndex(req: IncomingMessage, res: ServerResponse, path: string): void {
    if (path === "config.json") {
      json(res, 200, {
        dl: `${base}/api/v1/crates`,
        api: base,
        ...(opts.authRequired ? { "auth-required": true } : {}),
      });
      return;
    }
    const name = path.split("/").pop() ?? "";
    if (fault(res, "index", name)) return;
    const now = faults.now();
    const lag = /^cargo\//.test(req.headers["user-agent"] ?? "") ? 0 : faults.otherClientsLagMs;
    const versions = (store.get(name.toLowerCase()) ?? []).filter((c) => c.visibleAt + lag <= now);
    if (versions.length === 0 || indexPath(name) !== path) {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found");
      return;
    }
    res.writeHead(200, { "content-type": "text/plain", "cache-control": "no-cache" });
    res.end(versions.map((c) => JSON.stringify(c.line)).join("\n") + "\n");
  }

  function publish(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
    let parsed: ReturnType<typeof parsePublishBody>;
    try {
      parsed = parsePublishBody(body);
      const entries = crateEntries(parsed.crate);
      const prefix = `${parsed.meta.name}-${parsed.meta.vers}/`;
      if (!entries.includes(`${prefix}Cargo.toml`) || entries.some((e) => !e.startsWith(prefix))) {
        throw new Error(`the .crate must hold ${prefix}Cargo.toml and nothing outside ${prefix}`);
      }
    } catch (error) {
      apiError(res, 400, `invalid upload request: ${(error as Error).message}`);
      return;
    }
    const { meta, crate } = parsed;
    const record = (status: number) =>
      publishAttempts.push({ name: meta.name, vers: meta.vers, status, at: faults.now() });
    if (!authorized(req)) {
      record(403);
      apiError(res, 403, "authentication failed: the given API token is not valid for this registry");
      return;
    }
    if (fault(res, "publish", meta.name)) {
      record(faults.fired.at(-1)?.status ?? 500);
      return;
    }
    const key = meta.name.toLowerCase();
    const versions = store.get(key) ?? [];
    if (versions.some((c) => c.vers === meta.vers)) {
      record(400);
      apiError(res, 400, `crate version \`${meta.vers}\` of \`${meta.name}\` is already uploaded`);
      return;
    }
    const missing = meta.deps.filter(
      (d) => d.kind !== "dev" && !d.registry && !store.has(d.name.toLowerCase()),
    );
    if (missing.length > 0) {
      record(400);
      apiError(res, 400, `no known crate named \`${missing[0]?.name}\``);
      return;
    }
    const cksum = createHash("sha256").update(crate).digest("hex");
    const receivedAt = faults.now();
    arrivals.push(`${meta.name}@${meta.vers}`);
    versions.push({
      name: meta.name,
      vers: meta.vers,
      cksum,
      deps: meta.deps,
      receivedAt,
      visibleAt: receivedAt + faults.indexDelayMs,
      bytes: Buffer.from(crate),
      line: indexLine(meta, cksum),
    });
    store.set(key, versions);
    record(200);
    json(res, 200, { warnings: { invalid_categories: [], invalid_badges: [], other: [] } });
  }

  function download(res: ServerResponse, name: string, vers: string): void {
    if (fault(res, "download", name)) return;
    const c = store.get(name.toLowerCase())?.find((v) => v.vers === vers);
    if (!c) return apiError(res, 404, `crate \`${name}\` does not have a version \`${vers}\``);
    res.writeHead(200, { "content-type": "application/gzip", "content-length": String(c.bytes.length) });
    res.end(c.bytes);
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (d: Buffer) => chunks.push(d));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", base);
      const path = url.pathname;
      if (
        opts.authRequired &&
        path.startsWith("/index/") &&
        path !== "/index/config.json" &&
        !authorized(req)
      ) {
        return apiError(res, 401, "this registry requires a token");
      }
      if (req.method === "GET" && path.startsWith("/index/"))
        return serveIndex(req, res, path.slice("/index/".length));
      if (req.method === "PUT" && path === "/api/v1/crates/new")
        return publish(req, res, Buffer.concat(chunks));
      const dl = /^\/api\/v1\/crates\/([^/]+)\/([^/]+)\/download$/.exec(path);
      if (req.method === "GET" && dl)
        return download(res, decodeURIComponent(dl[1]!), decodeURIComponent(dl[2]!));
      const page = /^\/crates\/([^/]+)(?:\/([^/]+))?$/.exec(path);
      if (req.method === "GET" && page && store.has(page[1]!.toLowerCase())) {
        res.writeHead(200, { "content-type": "text/html" });
        return res.end(`<h1>${page[1]} ${page[2] ?? ""}</h1>`);
      }
      apiError(res, 404, `no route for ${req.method} ${path}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    indexUrl: `sparse+${base}/index/`,
    baseUrl: base,
    token,
    faults,
    crates: () =>
      [...store.values()].flat().sort((a, b) => a.receivedAt - b.receivedAt || arrival(a) - arrival(b)),
    publishAttempts,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
