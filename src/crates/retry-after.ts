import { retryAfterMs } from "../http/retry.js";
import { debugRetryAfter } from "./cargo-http-debug.js";

/**
 * Whether cargo's failed publish was an HTTP 429 from the registry, and how long to wait. Cargo does not expose
 * the status as data, so this reads the status it prints (`(status 429 ...)`, or `got 429` for a body without
 * `errors`); the wait comes from the `Retry-After` header (from cargo's HTTP debug log, see `withHttpDebug`, or
 * printed with a body that is not JSON), else the date crates.io writes in its
 * message ("Please try again after <date>"), else `fallbackMs`.
 */
export function rateLimitWait(output: string, now: number, fallbackMs: number): number | undefined {
  if (!/\(status 429\b|\bgot 429\b/.test(output)) return undefined;
  const header = debugRetryAfter(output) ?? /^\s*retry-after:\s*(.+)$/im.exec(output)?.[1];
  const fromHeader = retryAfterMs(header, now);
  if (fromHeader !== undefined) return fromHeader;
  const date =
    /try again after ([A-Z][a-z]{2}, \d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} (?:GMT|UTC))/.exec(
      output,
    )?.[1];
  const fromDate = retryAfterMs(date, now);
  // An HTTP date drops the fraction of a second: wait one more so the retry never comes early.
  return fromDate !== undefined ? fromDate + 1000 : fallbackMs;
}
