import { CARGO_PLUGIN } from "../plugins.js";
import { createReadStream } from "node:fs";
import { HttpClient, NetworkError, type HttpAnswer, type HttpClientOptions } from "../http/client.js";
import type { HeaderMap } from "../http/retry.js";

export { NetworkError };

export interface HttpResponse<T = unknown> {
  status: number;
  headers: HeaderMap;
  data: T;
}

interface ClientOptions extends Omit<HttpClientOptions, "retries"> {
  apiUrl: string;
  token: string;
  userAgent?: string;
  /** Retries after the first attempt (the `retries` option). */
  retries: number;
}

/** A file sent as a request body, streamed from disk. */
interface FileBody {
  path: string;
  size: number;
  contentType: string;
}

const response = <T>(a: HttpAnswer): HttpResponse<T> => ({
  status: a.status,
  headers: a.headers,
  data: a.data<T>(),
});

/** GitHub's REST API on the one HTTP layer: JSON calls with the retry policy, and streamed file uploads. */
export class GitHubClient {
  readonly http: HttpClient;

  constructor(readonly o: ClientOptions) {
    this.http = new HttpClient({ ...o, userAgent: o.userAgent ?? CARGO_PLUGIN });
  }

  url(path: string): string {
    return /^https?:\/\//.test(path) ? path : `${this.o.apiUrl.replace(/\/+$/, "")}${path}`;
  }

  headers(extra: Record<string, string> = {}): Record<string, string> {
    return {
      accept: "application/vnd.github+json",
      authorization: `token ${this.o.token}`,
      "x-github-api-version": "2022-11-28",
      ...extra,
    };
  }

  /** One HTTP exchange, no retry. The body is JSON, or a file streamed with its `content-length`. */
  async send<T>(method: string, path: string, body?: unknown, file?: FileBody): Promise<HttpResponse<T>> {
    const answer = await this.http.fetch(this.req(method, path, body, file));
    return response<T>(answer);
  }

  private req(method: string, path: string, body?: unknown, file?: FileBody) {
    if (file) {
      const headers = this.headers({ "content-type": file.contentType, "content-length": String(file.size) });
      // Never more than the declared length, even if the file grew since it was measured (the digest check
      // then reports the change). Re-opened for each attempt.
      const open = () => createReadStream(file.path, { end: Math.max(file.size - 1, 0) });
      return { method, url: this.url(path), headers, body: file.size === 0 ? "" : open };
    }
    if (body === undefined) return { method, url: this.url(path), headers: this.headers() };
    const json = JSON.stringify(body);
    return {
      method,
      url: this.url(path),
      headers: this.headers({ "content-type": "application/json" }),
      body: json,
    };
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
    const answer = await this.http.request({
      ...this.req(method, path, body),
      what: `${method} ${path}`,
      retry: onlyRateLimits ? "rate-limits" : "all",
    });
    return response<T>(answer);
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
