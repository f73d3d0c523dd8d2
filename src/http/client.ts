import type { Readable } from "node:stream";
import { errors, request as undiciRequest, type Dispatcher } from "undici";
import { dispatcherFor } from "./proxy.js";
import { defaultRetrySettings, withRetries, type HeaderMap, type RetrySettings, type Step } from "./retry.js";

/** A request that failed without an HTTP answer (refused, reset, timed out). */
export class NetworkError extends Error {
  constructor(override readonly cause: Error) {
    super(cause.message);
    this.name = "NetworkError";
  }
}

interface HttpRequest {
  method?: string;
  url: string | URL;
  headers?: Record<string, string>;
  /**
   * A string or buffer, or a function that opens a stream (called again for each attempt, so the request can be
   * retried). A bare stream cannot be sent twice: such a request is never retried.
   */
  body?: string | Buffer | Readable | (() => Readable);
  /** What is retried: network errors, 5xx and rate limits (default), only rate limits, or nothing. */
  retry?: "all" | "rate-limits" | "none";
  /** Names the request in the retry log (default `METHOD url`). */
  what?: string;
}

/** An answer whose body is still a stream. */
interface StreamedAnswer {
  status: number;
  headers: HeaderMap;
  body: Readable & { dump?: () => Promise<void> };
}

/** An answer read in full. */
export class HttpAnswer {
  constructor(
    readonly status: number,
    readonly headers: HeaderMap,
    readonly body: Buffer,
  ) {}
  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }
  /** One header's value (the first when repeated). */
  header(name: string): string | undefined {
    const v = this.headers[name.toLowerCase()];
    return Array.isArray(v) ? v[0] : v;
  }
  text(): string {
    return this.body.toString("utf8");
  }
  /** The body parsed as JSON; its text when it is not JSON, undefined when empty. */
  data<T = unknown>(): T {
    const text = this.text();
    try {
      return (text ? JSON.parse(text) : undefined) as T;
    } catch {
      return text as T;
    }
  }
}

/** Test seams of a plugin step: the clock and the sleep every retry wait goes through. */
export interface HttpDeps {
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface HttpClientOptions extends Partial<RetrySettings> {
  /** The environment whose `HTTP(S)_PROXY`/`NO_PROXY` apply (the plugin context's `env`). */
  env?: NodeJS.ProcessEnv;
  /** Sent as `user-agent` unless a request sets one. */
  userAgent?: string;
  /** Longest wait for an answer's headers, or between two chunks of its body (default 120 s). */
  timeoutMs?: number;
  dispatcher?: Dispatcher;
}

/**
 * The one HTTP layer: undici requests through the environment's proxy, streamed bodies, and the one retry
 * policy with an injected clock and sleep. GitHub, the digest downloads, the crates index and OCI registries use it.
 */
export class HttpClient {
  readonly retry: RetrySettings;
  readonly dispatcher: Dispatcher;

  constructor(readonly o: HttpClientOptions = {}) {
    this.retry = defaultRetrySettings(o);
    this.dispatcher = o.dispatcher ?? dispatcherFor(o.env ?? {});
  }

  /** One exchange, no retry; the answer's body is a stream the caller must read or dump. */
  async send(req: HttpRequest): Promise<StreamedAnswer> {
    const body = typeof req.body === "function" ? req.body() : req.body;
    const headers = { ...(this.o.userAgent ? { "user-agent": this.o.userAgent } : {}), ...req.headers };
    try {
      const res = await undiciRequest(req.url, {
        method: (req.method ?? "GET") as Dispatcher.HttpMethod,
        headers,
        body,
        dispatcher: this.dispatcher,
        headersTimeout: this.o.timeoutMs ?? 120_000,
        bodyTimeout: this.o.timeoutMs ?? 120_000,
      });
      return { status: res.statusCode, headers: res.headers, body: res.body };
    } catch (error) {
      if (body && typeof body === "object" && "destroy" in body) body.destroy();
      if (error instanceof errors.InvalidArgumentError) throw error;
      throw new NetworkError(error as Error);
    }
  }

  /** One exchange read in full; a body that breaks off is a network error. */
  async fetch(req: HttpRequest): Promise<HttpAnswer> {
    const res = await this.send(req);
    const chunks: Buffer[] = [];
    try {
      for await (const c of res.body) chunks.push(c as Buffer);
    } catch (error) {
      throw new NetworkError(error as Error);
    }
    return new HttpAnswer(res.status, res.headers, Buffer.concat(chunks));
  }

  /**
   * Sends a request with the retry policy (see `retry`); returns the last answer, even an error status, or throws
   * the `NetworkError` of the last attempt.
   */
  request(req: HttpRequest): Promise<HttpAnswer> {
    const oneShot =
      req.retry === "none" || (!!req.body && typeof req.body === "object" && "pipe" in req.body);
    const rateLimitsOnly = req.retry === "rate-limits";
    const what = req.what ?? `${req.method ?? "GET"} ${String(req.url)}`;
    return this.retrying(
      what,
      async (): Promise<Step<HttpAnswer>> => {
        let answer: HttpAnswer;
        try {
          answer = await this.fetch(req);
        } catch (error) {
          if (!(error instanceof NetworkError)) throw error;
          return { failed: { error }, rateLimitsOnly, giveUp: () => Promise.reject(error) };
        }
        if (answer.status < 500 && answer.status !== 429 && answer.status !== 403) return { done: answer };
        return { failed: answer, rateLimitsOnly, giveUp: () => answer };
      },
      oneShot ? { retries: 0 } : {},
    );
  }

  /** The retry loop with this client's policy, or with some of its settings overridden. */
  retrying<T>(
    what: string,
    attempt: (n: number) => Promise<Step<T>>,
    o: Partial<RetrySettings> = {},
  ): Promise<T> {
    return withRetries({ ...this.retry, ...o }, what, attempt);
  }

  /** Waits through the injected sleep. */
  sleep(ms: number): Promise<void> {
    return this.retry.sleep(ms);
  }

  now(): number {
    return this.retry.now();
  }
}
