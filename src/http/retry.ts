/** Header values as undici and node:http give them (lower-case names). */
export type HeaderMap = Record<string, string | string[] | undefined>;

/** The one retry policy: what is retried, how long to wait, and how many times. */
export interface RetrySettings {
  /** Retries after the first attempt (0: none). */
  retries: number;
  /** First backoff delay; each retry doubles it, with jitter, at most 30 s. */
  baseDelayMs: number;
  /** A rate limit that resets later than this is not waited for. */
  maxWaitMs: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** In [0, 1): the jitter of backoffs. */
  random: () => number;
  /** Told about every retry, for the log. */
  onRetry?: (what: string, delayMs: number, reason: string) => void;
}

/** Why an attempt failed: an HTTP answer, or no answer at all. */
export interface Failure {
  status?: number;
  headers?: HeaderMap;
  /** The request failed without an answer (connection refused or reset, timeout). */
  error?: Error;
}

/** What one attempt ends with: a value, or a failure with what to return or throw when no retry is left. */
export type Step<T> =
  | { done: T }
  | {
      failed: Failure;
      giveUp: () => T | Promise<T>;
      /** Retry only rate limits (a request that must not run twice after a network error or a 5xx). */
      rateLimitsOnly?: boolean;
      /** Wait this long and retry, whatever the policy says. */
      delayMs?: number;
    };

const realSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The policy's defaults: 3 retries, backoff from 500 ms, rate limits waited up to 10 minutes, real time. */
export const defaultRetrySettings = (o: Partial<RetrySettings> = {}): RetrySettings => ({
  retries: o.retries ?? 3,
  baseDelayMs: o.baseDelayMs ?? 500,
  maxWaitMs: o.maxWaitMs ?? 600_000,
  now: o.now ?? Date.now,
  sleep: o.sleep ?? realSleep,
  random: o.random ?? Math.random,
  ...(o.onRetry ? { onRetry: o.onRetry } : {}),
});

const header = (h: HeaderMap | undefined, name: string) => {
  const v = h?.[name];
  return Array.isArray(v) ? v[0] : v;
};

/** Milliseconds to wait from an HTTP `Retry-After` value (seconds or an HTTP date); undefined when unreadable. */
export function retryAfterMs(value: string | null | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Exponential backoff with equal jitter: attempt n waits between half and all of base × 2ⁿ, at most 30 s. */
export const backoff = (attempt: number, baseDelayMs: number, random: () => number = () => 1) => {
  const full = Math.min(baseDelayMs * 2 ** attempt, 30_000);
  return Math.round(full / 2 + (full / 2) * random());
};

/**
 * How long to wait before retry number `attempt` (0 for the first), or `undefined` when the failure is not worth
 * retrying. Network errors and 5xx back off; 429 and 403 rate limits wait for `Retry-After` (seconds or an HTTP
 * date) or GitHub's `x-ratelimit-reset`; a 429 without either backs off.
 */
export function retryDelay(
  f: Failure,
  attempt: number,
  s: Pick<RetrySettings, "baseDelayMs" | "maxWaitMs" | "now" | "random">,
  rateLimitsOnly = false,
): number | undefined {
  if (f.error || (f.status !== undefined && f.status >= 500))
    return rateLimitsOnly ? undefined : backoff(attempt, s.baseDelayMs, s.random);
  if (f.status !== 403 && f.status !== 429) return undefined;
  const now = s.now();
  let wait = retryAfterMs(header(f.headers, "retry-after"), now);
  if (wait === undefined && header(f.headers, "x-ratelimit-remaining") === "0") {
    const reset = Number(header(f.headers, "x-ratelimit-reset"));
    wait = Number.isFinite(reset)
      ? Math.max(reset * 1000 - now, 0) + 250
      : backoff(attempt, s.baseDelayMs, s.random);
  }
  if (wait === undefined && f.status === 429) wait = backoff(attempt, s.baseDelayMs, s.random);
  return wait !== undefined && wait <= s.maxWaitMs ? wait : undefined;
}

const reasonOf = (f: Failure) => (f.error ? f.error.message : `status ${f.status}`);

/**
 * The one retry loop: runs `attempt` until it returns `{ done }`; after a failure waits as `retryDelay` says
 * (through the injected `sleep`) and tries again, at most `retries` times, then returns `giveUp()`.
 */
export async function withRetries<T>(
  s: RetrySettings,
  what: string,
  attempt: (n: number) => Promise<Step<T>>,
): Promise<T> {
  for (let n = 0; ; n++) {
    const step = await attempt(n);
    if ("done" in step) return step.done;
    const delay =
      n < s.retries ? (step.delayMs ?? retryDelay(step.failed, n, s, step.rateLimitsOnly)) : undefined;
    if (delay === undefined) return step.giveUp();
    s.onRetry?.(what, delay, reasonOf(step.failed));
    await s.sleep(delay);
  }
}
