import type { IncomingHttpHeaders } from "node:http";

export interface RetryInput {
  /** 0 for the first retry. */
  attempt: number;
  status?: number;
  headers?: IncomingHttpHeaders;
  /** The request failed without an answer (connection reset, refused, timeout). */
  network?: boolean;
  now: number;
  baseDelayMs: number;
  /** A rate limit that resets later than this is not waited for. */
  maxWaitMs: number;
}

const header = (h: IncomingHttpHeaders | undefined, name: string) => {
  const v = h?.[name];
  return Array.isArray(v) ? v[0] : v;
};

/** Exponential backoff: base, 2×base, 4×base... at most 30 s. */
export const backoff = (attempt: number, baseDelayMs: number) => Math.min(baseDelayMs * 2 ** attempt, 30_000);

/**
 * How long to wait before retrying, or `undefined` when the failure is not worth retrying. Network errors and
 * 5xx back off; 429 and 403 rate limits wait for `retry-after` or `x-ratelimit-reset`, as GitHub asks.
 */
export function retryDelay(i: RetryInput): number | undefined {
  if (i.network || (i.status !== undefined && i.status >= 500)) return backoff(i.attempt, i.baseDelayMs);
  if (i.status !== 403 && i.status !== 429) return undefined;
  const retryAfter = Number(header(i.headers, "retry-after"));
  let wait: number | undefined;
  if (Number.isFinite(retryAfter) && retryAfter >= 0 && header(i.headers, "retry-after") !== undefined) {
    wait = retryAfter * 1000;
  } else if (header(i.headers, "x-ratelimit-remaining") === "0") {
    const reset = Number(header(i.headers, "x-ratelimit-reset"));
    wait = Number.isFinite(reset)
      ? Math.max(reset * 1000 - i.now, 0) + 250
      : backoff(i.attempt, i.baseDelayMs);
  } else if (i.status === 429) {
    wait = backoff(i.attempt, i.baseDelayMs);
  }
  return wait !== undefined && wait <= i.maxWaitMs ? wait : undefined;
}
