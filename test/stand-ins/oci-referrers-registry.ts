import { createHash, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** A registry with the OCI distribution 1.1 referrers API, in memory: the part of the spec a push and a listing use. */
export interface ReferrersRegistry {
  /** `127.0.0.1:PORT`, plain HTTP. */
  host: string;
  /** `METHOD path` of every request. */
  requests: string[];
  stop(): Promise<void>;
}

const INDEX = "application/vnd.oci.image.index.v1+json";

interface Stored {
  type: string;
  data: Buffer;
}

const readBody = async (req: IncomingMessage): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
};
const digestOf = (b: Buffer) => `sha256:${createHash("sha256").update(b).digest("hex")}`;

/**
 * Blobs (monolithic upload), manifests by tag or digest, `OCI-Subject` on the PUT of a manifest with a `subject`, and
 * `GET /v2/<name>/referrers/<digest>` answering an index of the manifests whose subject is that digest (with their
 * `artifactType` and annotations), as the distribution spec 1.1 says.
 */
export async function startReferrersRegistry(): Promise<ReferrersRegistry> {
  const blobs = new Map<string, Buffer>();
  const manifests = new Map<string, Stored>();
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://x");
      requests.push(`${req.method} ${url.pathname}`);
      const body = await readBody(req);
      const m = /^\/v2\/(.+?)\/(blobs\/uploads|blobs|manifests|referrers)\/?(.*)$/.exec(url.pathname);
      const [, name, kind, ref = ""] = m ?? [];
      if (!m) return res.writeHead(url.pathname === "/v2/" ? 200 : 404).end();
      if (kind === "blobs") {
        const blob = blobs.get(ref);
        if (!blob) return res.writeHead(404).end();
        res.writeHead(200, { "content-length": blob.length, "docker-content-digest": ref });
        return res.end(req.method === "HEAD" ? undefined : blob);
      }
      if (kind === "blobs/uploads" && req.method === "POST")
        return res.writeHead(202, { location: `/v2/${name}/blobs/uploads/${randomUUID()}` }).end();
      if (kind === "blobs/uploads" && req.method === "PUT") {
        blobs.set(url.searchParams.get("digest") ?? digestOf(body), body);
        return res.writeHead(201).end();
      }
      if (kind === "manifests" && req.method === "PUT") {
        const stored = { type: req.headers["content-type"] ?? "", data: body };
        const digest = digestOf(body);
        manifests.set(digest, stored);
        manifests.set(ref, stored);
        const subject = (JSON.parse(body.toString("utf8")) as { subject?: { digest: string } }).subject;
        return res
          .writeHead(201, {
            "docker-content-digest": digest,
            ...(subject ? { "oci-subject": subject.digest } : {}),
          })
          .end();
      }
      if (kind === "manifests") {
        const stored = manifests.get(ref);
        if (!stored) return res.writeHead(404).end();
        res.writeHead(200, { "content-type": stored.type, "docker-content-digest": digestOf(stored.data) });
        return res.end(req.method === "HEAD" ? undefined : stored.data);
      }
      res.writeHead(200, { "content-type": INDEX });
      res.end(JSON.stringify({ schemaVersion: 2, mediaType: INDEX, manifests: referrersOf(manifests, ref) }));
    })();
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  return {
    host: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    stop: () => new Promise((ok) => server.close(() => ok())),
  };
}

/** The descriptors of the stored manifests whose `subject` is `digest`, once each. */
function referrersOf(manifests: Map<string, Stored>, digest: string) {
  const out = new Map<string, object>();
  for (const stored of manifests.values()) {
    const m = JSON.parse(stored.data.toString("utf8")) as {
      subject?: { digest: string };
      artifactType?: string;
      config?: { mediaType: string };
      annotations?: Record<string, string>;
    };
    if (m.subject?.digest !== digest) continue;
    const d = digestOf(stored.data);
    out.set(d, {
      mediaType: stored.type,
      digest: d,
      size: stored.data.length,
      artifactType: m.artifactType ?? m.config?.mediaType,
      ...(m.annotations ? { annotations: m.annotations } : {}),
    });
  }
  return [...out.values()];
}
