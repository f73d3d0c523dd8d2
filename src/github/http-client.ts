import { createReadStream } from "node:fs";
import http, { type IncomingHttpHeaders } from "node:http";
import https from "node:https";
import { setTimeout as sleep } from "node:timers/promises";
import { retryDelay } from "./retry-policy.js";

export interface HttpResponse<T = unknown> {
  status: number;
  headers: IncomingHttpHeaders;
  data: T;
}

export interface ClientOptions {
  apiUrl: string;
  token: string;
  userAgent?: string;
  retries: number;
  /** First backoff delay (default 500 ms). */
  baseDelayMs?: number;
  /** Longest rate-limit wait accepted (default 10 minutes). */
  maxWaitMs?: number;
  /** Told about every retry, for the log. */
  onRetry?: (what: string, delayMs: number, reason: string) => void;
}

/** A file sent as a request body, streamed from disk. */
export interface FileBody {
  path: string;
  size: number;
  contentType: string;
}

/** A request that failed without an HTTP answer. */
export class NetworkError extends Error {
  constructor(override readonly cause: Error) {
    super(cause.message);
  }
}

const agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };

/** A small GitHub REST client on Node's own http/https: JSON calls with retries, and streamed file uploads. */
export class GitHubClient {
  constructor(readonly o: ClientOptions) {}

  url(path: string): string {
    return /^https?:\/\//.test(path) ? path : `${this.o.apiUrl.replace(/\/+$/, "")}${path}`;
  }

  /** One HTTP exchange, no retry. The body is JSON, or a file streamed with its `content-length`. */
  send<T>(method: string, path: string, body?: unknown, file?: FileBody): Promise<HttpResponse<T>> {
    const url = new URL(this.url(path));
    const lib = url.protocol === "https:" ? https : http;
    const json = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const headers: Record<string, string | number> = {
      accept: "application/vnd.github+json",
      authorization: `token ${this.o.token}`,
      "user-agent": this.o.userAgent ?? "semantic-release-rust",
      "x-github-api-version": "2022-11-28",
    };
    if (json) Object.assign(headers, { "content-type": "application/json", "content-length": json.length });
    if (file) Object.assign(headers, { "content-type": file.contentType, "content-length": file.size });
    return new Promise((resolve, reject) => {
      const req = lib.request(
        url,
        { method, headers, agent: agents[lib === https ? "https" : "http"] },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("error", (e) => reject(new NetworkError(e)));
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            let data: unknown = text;
            try {
              data = text ? JSON.parse(text) : undefined;
            } catch {
              // not JSON: keep the text
            }
            resolve({ status: res.statusCode ?? 0, headers: res.headers, data: data as T });
          });
        },
      );
      req.setTimeout(120_000, () => req.destroy(new Error("request timed out")));
      req.on("error", (e) => reject(new NetworkError(e)));
      if (file && file.size === 0) req.end();
      else if (file) {
        // Never more than the declared length, even if the file grew since it was measured (the digest check
        // then reports the change); extra bytes would corrupt the next request on a kept-alive connection.
        const stream = createReadStream(file.path, { end: file.size - 1 });
        stream.on("error", (e) => req.destroy(e));
        stream.pipe(req);
      } else req.end(json);
    });
  }

  /**
   * Retries network errors, 5xx and rate limits; returns the last answer otherwise (even an error status).
   * With `onlyRateLimits` (requests that must not run twice) a network error is thrown and a 5xx returned at once.
   */
  async request<T>(
    method: string,
    path: string,
    body?: unknown,
    onlyRateLimits = false,
  ): Promise<HttpResponse<T>> {
    for (let attempt = 0; ; attempt++) {
      let res: HttpResponse<T> | undefined;
      let failure: Error | undefined;
      try {
        res = await this.send<T>(method, path, body);
      } catch (error) {
        if (!(error instanceof NetworkError)) throw error;
        failure = error;
      }
      const unsafe = onlyRateLimits && (failure !== undefined || (res?.status ?? 0) >= 500);
      const delay =
        attempt < this.o.retries && !unsafe
          ? retryDelay({
              ...this.policy(attempt),
              status: res?.status,
              headers: res?.headers,
              network: !!failure,
            })
          : undefined;
      if (delay === undefined) {
        if (failure) throw failure;
        return res as HttpResponse<T>;
      }
      this.o.onRetry?.(`${method} ${path}`, delay, failure ? failure.message : `status ${res?.status}`);
      await sleep(delay);
    }
  }

  policy(attempt: number) {
    return {
      attempt,
      now: Date.now(),
      baseDelayMs: this.o.baseDelayMs ?? 500,
      maxWaitMs: this.o.maxWaitMs ?? 600_000,
    };
  }

  /** Every item of a paginated list, following `Link: <...>; rel="next"`. */
  async paginate<T>(path: string): Promise<{ status: number; items: T[]; error?: HttpResponse }> {
    const items: T[] = [];
    let next: string | undefined = `${path}${path.includes("?") ? "&" : "?"}per_page=100`;
    while (next) {
      const res: HttpResponse<T[]> = await this.request<T[]>("GET", next);
      if (res.status !== 200) return { status: res.status, items, error: res };
      items.push(...res.data);
      next = /<([^>]+)>;\s*rel="next"/.exec(String(res.headers.link ?? ""))?.[1];
    }
    return { status: 200, items };
  }
}
