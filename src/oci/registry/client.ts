import { basicHeader, fetchToken, parseChallenge, repositoryScope, type Credentials } from "./auth.js";
import { MANIFEST_ACCEPT } from "../media-types.js";
import { sha256Digest } from "../digest.js";

export class RegistryError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "RegistryError";
  }
}

export interface RegistryClientOptions {
  /** host[:port] of the distribution API. */
  apiHost: string;
  /** Speak plain HTTP. */
  insecure?: boolean;
  credentials?: Credentials;
  fetch?: typeof fetch;
}

interface RequestOptions {
  repository?: string;
  actions?: readonly string[];
  headers?: Record<string, string>;
  body?: Buffer;
}

/** A client of the OCI distribution API that answers 401 challenges (Basic, or the Bearer token flow). */
export class RegistryClient {
  readonly base: string;
  private readonly fetchImpl: typeof fetch;
  private readonly tokens = new Map<string, string>();
  private basic = false;

  constructor(readonly options: RegistryClientOptions) {
    this.base = `${options.insecure ? "http" : "https"}://${options.apiHost}`;
    this.fetchImpl = options.fetch ?? fetch;
  }

  /** Sends a request, answering one 401 challenge with the credentials (safe for concurrent requests). */
  async request(method: string, pathOrUrl: string, o: RequestOptions = {}): Promise<Response> {
    const url = new URL(pathOrUrl, this.base);
    const scope = o.repository ? repositoryScope(o.repository, o.actions ?? ["pull"]) : undefined;
    const send = () => this.fetchImpl(url, { method, headers: this.headers(scope, o.headers), body: o.body });
    const sentAuth = "authorization" in this.headers(scope);
    const res = await send();
    if (res.status !== 401) return res;
    const challenge = parseChallenge(res.headers.get("www-authenticate"));
    await res.arrayBuffer().catch(() => undefined);
    const refused = () => new Response(null, { status: 401, headers: res.headers });
    if (!challenge) return refused();
    if (challenge.scheme === "basic") {
      if (!this.options.credentials || (sentAuth && this.basic)) return refused();
      this.basic = true;
    } else {
      const got = await fetchToken(
        challenge,
        challenge.params.scope ?? scope,
        this.options.credentials,
        this.fetchImpl,
      );
      if (!("token" in got)) return new Response(got.body, { status: got.status || 401 });
      this.tokens.set(scope ?? "", got.token);
    }
    return send();
  }

  private headers(scope: string | undefined, extra: Record<string, string> = {}): Record<string, string> {
    const token = this.tokens.get(scope ?? "");
    if (token) return { ...extra, authorization: `Bearer ${token}` };
    if (this.basic && this.options.credentials)
      return { ...extra, authorization: basicHeader(this.options.credentials) };
    return extra;
  }

  async hasBlob(repository: string, digest: string): Promise<boolean> {
    const res = await this.request("HEAD", `/v2/${repository}/blobs/${digest}`, {
      repository,
      actions: ["pull", "push"],
    });
    if (res.status === 200) return true;
    if (res.status === 404) return false;
    throw await failure(res, `HEAD blob ${digest}`);
  }

  /**
   * Uploads a blob in one piece (`POST` an upload, then `PUT ?digest=`). With `mountFrom` (another repository of
   * this registry that has the blob) it first asks for a cross-repository mount: `201` means the registry linked
   * the blob and no byte was sent; a registry that cannot mount answers `202` and the upload goes on.
   * Returns whether the blob was mounted.
   */
  async pushBlob(repository: string, digest: string, data: Buffer, mountFrom?: string): Promise<boolean> {
    const actions = ["pull", "push"];
    const query = mountFrom ? `?${new URLSearchParams({ mount: digest, from: mountFrom }).toString()}` : "";
    const start = await this.request("POST", `/v2/${repository}/blobs/uploads/${query}`, {
      repository,
      actions,
    });
    if (mountFrom && start.status === 201) {
      await start.arrayBuffer();
      return true;
    }
    // Not allowed to read `mountFrom` (401/403/404): a plain upload.
    if (mountFrom && start.status !== 202) {
      await start.arrayBuffer().catch(() => undefined);
      return this.pushBlob(repository, digest, data);
    }
    if (start.status !== 202) throw await failure(start, `start upload of ${digest}`);
    await start.arrayBuffer();
    const location = new URL(start.headers.get("location") ?? "", this.base);
    location.searchParams.set("digest", digest);
    const put = await this.request("PUT", location.toString(), {
      repository,
      actions,
      headers: { "content-type": "application/octet-stream", "content-length": String(data.length) },
      body: data,
    });
    if (put.status !== 201) throw await failure(put, `upload of ${digest}`);
    await put.arrayBuffer();
    return false;
  }

  async getBlob(repository: string, digest: string): Promise<Buffer> {
    const res = await this.request("GET", `/v2/${repository}/blobs/${digest}`, { repository });
    if (res.status !== 200) throw await failure(res, `GET blob ${digest}`);
    const data = Buffer.from(await res.arrayBuffer());
    if (sha256Digest(data) !== digest) throw new RegistryError(0, `blob ${digest} does not match its digest`);
    return data;
  }

  /** The digest a tag (or digest) points at, or undefined when there is none. */
  async headManifest(repository: string, reference: string): Promise<string | undefined> {
    const res = await this.request("HEAD", `/v2/${repository}/manifests/${reference}`, {
      repository,
      actions: ["pull", "push"],
      headers: { accept: MANIFEST_ACCEPT },
    });
    if (res.status === 404) return undefined;
    if (res.status !== 200) throw await failure(res, `HEAD manifest ${reference}`);
    return res.headers.get("docker-content-digest") ?? undefined;
  }

  async getManifest(
    repository: string,
    reference: string,
  ): Promise<{ mediaType: string; digest: string; data: Buffer } | undefined> {
    const res = await this.request("GET", `/v2/${repository}/manifests/${reference}`, {
      repository,
      headers: { accept: MANIFEST_ACCEPT },
    });
    if (res.status === 404) return undefined;
    if (res.status !== 200) throw await failure(res, `GET manifest ${reference}`);
    const data = Buffer.from(await res.arrayBuffer());
    const mediaType = (res.headers.get("content-type") ?? "").split(";")[0] ?? "";
    return { mediaType, digest: sha256Digest(data), data };
  }

  async putManifest(repository: string, reference: string, mediaType: string, data: Buffer): Promise<string> {
    const res = await this.request("PUT", `/v2/${repository}/manifests/${reference}`, {
      repository,
      actions: ["pull", "push"],
      headers: { "content-type": mediaType },
      body: data,
    });
    if (res.status !== 201) throw await failure(res, `PUT manifest ${reference}`);
    await res.arrayBuffer();
    return res.headers.get("docker-content-digest") ?? sha256Digest(data);
  }
}

async function failure(res: Response, what: string): Promise<RegistryError> {
  const text = await res.text().catch(() => "");
  let detail = text.trim().slice(0, 300);
  try {
    const json = JSON.parse(text) as { errors?: { code?: string; message?: string }[] };
    if (json.errors?.length) detail = json.errors.map((e) => `${e.code}: ${e.message}`).join("; ");
  } catch {
    // not JSON: keep the text
  }
  return new RegistryError(
    res.status,
    `${what} failed with HTTP ${res.status}${detail ? ` (${detail})` : ""}`,
  );
}
