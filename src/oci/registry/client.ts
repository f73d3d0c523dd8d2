import { basicHeader, fetchToken, parseChallenge, repositoryScope, type Credentials } from "./auth.js";
import { MANIFEST_ACCEPT } from "../media-types.js";
import { sha256Digest } from "../digest.js";
import { HttpAnswer, HttpClient } from "../../http/client.js";

class RegistryError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "RegistryError";
  }
}

interface RegistryClientOptions {
  /** host[:port] of the distribution API. */
  apiHost: string;
  /** Speak plain HTTP. */
  insecure?: boolean;
  credentials?: Credentials;
  /** The HTTP layer (its proxy, retries, clock and sleep); default: no proxy, default retries. */
  http?: HttpClient;
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
  readonly http: HttpClient;
  private readonly tokens = new Map<string, string>();
  private basic = false;

  constructor(readonly options: RegistryClientOptions) {
    this.base = `${options.insecure ? "http" : "https"}://${options.apiHost}`;
    this.http = options.http ?? new HttpClient();
  }

  /**
   * Sends a request with the retry policy (network errors, 5xx, 429), answering one 401 challenge with the
   * credentials (safe for concurrent requests). Throws `NetworkError` when the registry never answers.
   */
  async request(method: string, pathOrUrl: string, o: RequestOptions = {}): Promise<HttpAnswer> {
    const url = new URL(pathOrUrl, this.base);
    const scope = o.repository ? repositoryScope(o.repository, o.actions ?? ["pull"]) : undefined;
    const send = () =>
      this.http.request({ method, url, headers: this.headers(scope, o.headers), body: o.body });
    const sentAuth = "authorization" in this.headers(scope);
    const res = await send();
    if (res.status !== 401) return res;
    const challenge = parseChallenge(res.header("www-authenticate") ?? null);
    if (!challenge) return res;
    if (challenge.scheme === "basic") {
      if (!this.options.credentials || (sentAuth && this.basic)) return res;
      this.basic = true;
    } else {
      const got = await fetchToken(
        challenge,
        challenge.params.scope ?? scope,
        this.options.credentials,
        this.http,
      );
      if (!("token" in got)) return new HttpAnswer(got.status || 401, {}, Buffer.from(got.body));
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
    throw failure(res, `HEAD blob ${digest}`);
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
    if (mountFrom && start.status === 201) return true;
    // Not allowed to read `mountFrom` (401/403/404): a plain upload.
    if (mountFrom && start.status !== 202) return this.pushBlob(repository, digest, data);
    if (start.status !== 202) throw failure(start, `start upload of ${digest}`);
    const location = new URL(start.header("location") ?? "", this.base);
    location.searchParams.set("digest", digest);
    const put = await this.request("PUT", location.toString(), {
      repository,
      actions,
      headers: { "content-type": "application/octet-stream", "content-length": String(data.length) },
      body: data,
    });
    if (put.status !== 201) throw failure(put, `upload of ${digest}`);
    return false;
  }

  async getBlob(repository: string, digest: string): Promise<Buffer> {
    const res = await this.request("GET", `/v2/${repository}/blobs/${digest}`, { repository });
    if (res.status !== 200) throw failure(res, `GET blob ${digest}`);
    const data = res.body;
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
    if (res.status !== 200) throw failure(res, `HEAD manifest ${reference}`);
    return res.header("docker-content-digest");
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
    if (res.status !== 200) throw failure(res, `GET manifest ${reference}`);
    const data = res.body;
    const mediaType = (res.header("content-type") ?? "").split(";")[0] ?? "";
    return { mediaType, digest: sha256Digest(data), data };
  }

  async putManifest(repository: string, reference: string, mediaType: string, data: Buffer): Promise<string> {
    const res = await this.request("PUT", `/v2/${repository}/manifests/${reference}`, {
      repository,
      actions: ["pull", "push"],
      headers: { "content-type": mediaType },
      body: data,
    });
    if (res.status !== 201) throw failure(res, `PUT manifest ${reference}`);
    return res.header("docker-content-digest") ?? sha256Digest(data);
  }
}

function failure(res: HttpAnswer, what: string): RegistryError {
  const text = res.text();
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
