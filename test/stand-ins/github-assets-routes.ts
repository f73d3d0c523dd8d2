import { createHash } from "node:crypto";
import { createReadStream, createWriteStream, type WriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { assetJson, type AssetRecord, type ReleaseRecord } from "./github-store.js";
import { notFound, readJson, sendError, sendJson, sendPage, validationFailed } from "./github-http.js";
import type { RouteContext } from "./github-releases-routes.js";
import type { FaultRule } from "./github-faults.js";

const forbidden = (c: RouteContext) =>
  sendError(c.res, 403, "Resource not accessible by personal access token");

function releaseOf(c: RouteContext, id: number): ReleaseRecord | undefined {
  const r = c.state.releases.get(id);
  if (!r || c.state.repoKey(r.owner, r.repo) !== c.state.repoKey(c.owner, c.repo)) return undefined;
  return r.draft && c.access !== "write" ? undefined : r;
}

/** `/repos/{o}/{r}/releases/{id}/assets` and `/repos/{o}/{r}/releases/assets/{asset_id}`. */
export async function assetRoutes(c: RouteContext, rest: string[]): Promise<boolean> {
  const m = c.req.method;
  if (rest.length === 2 && rest[1] === "assets" && /^\d+$/.test(rest[0] ?? "") && m === "GET") {
    const r = releaseOf(c, Number(rest[0]));
    if (!r) notFound(c.res);
    else
      sendPage(
        c.res,
        c.url,
        c.state.assetsOf(r.id).map((a) => assetJson(c.urls, c.state, a)),
      );
    return true;
  }
  if (rest.length !== 2 || rest[0] !== "assets" || !/^\d+$/.test(rest[1] ?? "")) return false;
  const a = c.state.assets.get(Number(rest[1]));
  if (!a || !releaseOf(c, a.releaseId)) {
    notFound(c.res);
    return true;
  }
  if (m === "GET") {
    const json = assetJson(c.urls, c.state, a);
    if ((c.req.headers.accept ?? "").includes("application/octet-stream")) {
      c.res.writeHead(302, { location: json.browser_download_url, "content-length": 0 }).end();
    } else sendJson(c.res, 200, json);
  } else if (m === "PATCH") {
    if (c.access !== "write") return (forbidden(c), true);
    const body = await readJson(c.req, c.res);
    if (!body) return true;
    if (typeof body.name === "string") a.name = body.name;
    if (typeof body.label === "string") a.label = body.label;
    a.updated_at = new Date().toISOString();
    sendJson(c.res, 200, assetJson(c.urls, c.state, a));
  } else if (m === "DELETE") {
    if (c.access !== "write") return (forbidden(c), true);
    c.state.assets.delete(a.id);
    if (a.file) await rm(a.file, { force: true });
    c.res.writeHead(204).end();
  } else return false;
  return true;
}

export interface UploadOptions {
  /** Folder for uploaded bytes; undefined discards them (only the digest is kept). */
  storeDir?: string;
  /** Hold each upload's answer this long, so concurrent uploads overlap (tests of the concurrency bound). */
  delayMs?: number;
}

/** `POST {uploads}/repos/{o}/{r}/releases/{id}/assets?name=&label=`: the raw body becomes the asset. */
export async function uploadRoute(
  c: RouteContext,
  releaseId: number,
  fault: FaultRule | undefined,
  o: UploadOptions,
) {
  const { state } = c;
  state.uploadsInFlight++;
  state.peakUploadsInFlight = Math.max(state.peakUploadsInFlight, state.uploadsInFlight);
  try {
    await receiveUpload(c, releaseId, fault, o);
  } finally {
    state.uploadsInFlight--;
  }
}

async function receiveUpload(
  c: RouteContext,
  releaseId: number,
  fault: FaultRule | undefined,
  o: UploadOptions,
) {
  const { req, res } = c;
  const drain = () => req.resume();
  if (c.access !== "write") return (drain(), forbidden(c));
  const r = releaseOf(c, releaseId);
  if (!r) return (drain(), notFound(res));
  const name = c.url.searchParams.get("name");
  if (!name)
    return (
      drain(),
      validationFailed(res, [{ resource: "ReleaseAsset", code: "missing_field", field: "name" }])
    );
  const length = Number(req.headers["content-length"]);
  if (req.headers["content-length"] === undefined || !Number.isFinite(length)) {
    return (drain(), sendError(res, 411, "Length Required"));
  }
  if (c.state.assetsOf(r.id).some((a) => a.name === name)) {
    drain();
    return validationFailed(res, [{ resource: "ReleaseAsset", code: "already_exists", field: "name" }]);
  }
  const now = new Date().toISOString();
  const asset: AssetRecord = {
    id: c.state.id(),
    releaseId: r.id,
    name,
    label: c.url.searchParams.get("label") || null,
    state: "starter",
    content_type: String(req.headers["content-type"] ?? "application/octet-stream"),
    size: 0,
    digest: null,
    download_count: 0,
    created_at: now,
    updated_at: now,
  };
  c.state.assets.set(asset.id, asset);
  if (fault?.kind === "status") {
    if (!fault.leaveStarter) c.state.assets.delete(asset.id);
    drain();
    return sendError(res, fault.status ?? 502, "Server Error");
  }
  const hash = createHash("sha256");
  let out: WriteStream | undefined;
  if (o.storeDir) {
    asset.file = join(o.storeDir, `asset-${asset.id}`);
    out = createWriteStream(asset.file);
  }
  let received = 0;
  const dropAt =
    fault?.kind === "drop" && !fault.afterHandling ? Math.max(1, Math.floor(length / 2)) : Infinity;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      received += chunk.length;
      hash.update(chunk);
      if (out && !out.write(chunk)) await new Promise<void>((ok) => out?.once("drain", () => ok()));
      if (received >= dropAt) {
        out?.end();
        req.socket.destroy();
        return;
      }
    }
  } catch {
    out?.end();
    return; // the client went away mid-body: the asset stays a "starter", as on GitHub
  }
  if (out) await new Promise<void>((ok) => out?.end(() => ok()));
  if (received !== length) return; // the client went away: the asset stays a "starter"
  if (o.delayMs) await new Promise((ok) => setTimeout(ok, o.delayMs));
  Object.assign(asset, { state: "uploaded", size: received, digest: `sha256:${hash.digest("hex")}` });
  asset.updated_at = new Date().toISOString();
  sendJson(res, 201, assetJson(c.urls, c.state, asset));
}

/** `GET {web}/{o}/{r}/releases/download/{tag}/{name}`: the bytes, for a published release. */
export function downloadRoute(c: RouteContext, tag: string, name: string): void {
  const r = c.state
    .releasesOf(c.owner, c.repo)
    .find((x) => (x.draft ? `untagged-${x.untagged}` : x.tag_name) === tag);
  const a = r && c.state.assetsOf(r.id).find((x) => x.name === name && x.state === "uploaded");
  if (!a || !a.file) return void c.res.writeHead(404, { "content-type": "text/plain" }).end("Not Found");
  a.download_count++;
  c.res.writeHead(200, { "content-type": a.content_type, "content-length": a.size });
  createReadStream(a.file).pipe(c.res);
}
