import { createServer, type Server } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { HttpClient, NetworkError } from "../../src/http/client.js";
import { backoff, retryAfterMs, retryDelay, type Failure } from "../../src/http/retry.js";

const settings = { now: () => 1_000_000, baseDelayMs: 500, maxWaitMs: 60_000, random: () => 1 };
const delay = (f: Failure, attempt = 0) => retryDelay(f, attempt, settings);

describe("retryDelay, the one retry policy", () => {
  it("backs off exponentially on network errors and 5xx", () => {
    expect(delay({ error: new Error("reset") })).toBe(500);
    expect(delay({ status: 502 }, 2)).toBe(2000);
  });
  it("waits for retry-after and x-ratelimit-reset", () => {
    expect(delay({ status: 429, headers: { "retry-after": "3" } })).toBe(3000);
    const headers = { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(1_000_000 / 1000 + 10) };
    expect(delay({ status: 403, headers })).toBe(10_250);
  });
  it("reads Retry-After as an HTTP date too", () => {
    const at = new Date(1_000_000 + 7000).toUTCString();
    expect(delay({ status: 429, headers: { "retry-after": at } })).toBe(7000);
    expect(delay({ status: 503, headers: { "retry-after": "2" } })).toBe(500);
  });
  it("does not retry client errors or rate limits that reset too late", () => {
    expect(delay({ status: 403 })).toBeUndefined();
    expect(delay({ status: 422 })).toBeUndefined();
    expect(delay({ status: 429, headers: { "retry-after": "3600" } })).toBeUndefined();
  });
  it("retries only rate limits for a request that must not run twice", () => {
    expect(retryDelay({ status: 502 }, 0, settings, true)).toBeUndefined();
    expect(retryDelay({ error: new Error("reset") }, 0, settings, true)).toBeUndefined();
    expect(retryDelay({ status: 429, headers: { "retry-after": "1" } }, 0, settings, true)).toBe(1000);
  });
  it("jitters backoffs between half and all of the exponential delay, at most 30 s", () => {
    expect(backoff(3, 500, () => 0)).toBe(2000);
    expect(backoff(3, 500, () => 0.5)).toBe(3000);
    expect(backoff(3, 500, () => 0.999999)).toBe(4000);
    expect(backoff(20, 500, () => 1)).toBe(30_000);
  });
  it("has one Retry-After parser: seconds, or an HTTP date, or nothing", () => {
    expect(retryAfterMs("2", 0)).toBe(2000);
    expect(retryAfterMs("Thu, 01 Jan 1970 00:00:05 GMT", 1000)).toBe(4000);
    expect(retryAfterMs("Thu, 01 Jan 1970 00:00:05 GMT", 9000)).toBe(0);
    expect(retryAfterMs("soon", 0)).toBeUndefined();
    expect(retryAfterMs(undefined, 0)).toBeUndefined();
  });
});

let server: Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

/** A local server answering each request with the next of `answers` (status and headers), then 200. */
async function serve(answers: { status: number; headers?: Record<string, string> }[]) {
  const seen: { method: string; body: string }[] = [];
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      seen.push({ method: req.method ?? "", body });
      const a = answers.shift() ?? { status: 200 };
      res.writeHead(a.status, a.headers).end(`answer ${seen.length}`);
    });
  });
  await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/x`, seen };
}

/** An injected clock and sleep that records every wait and never waits. */
function fakeTime() {
  const waits: number[] = [];
  let t = 1_000_000;
  return { waits, now: () => t, sleep: async (ms: number) => void (waits.push(ms), (t += ms)) };
}

describe("HttpClient", () => {
  it("retries a 503 and a 429 through the injected sleep: Retry-After: 2 is a 2000 ms wait, none real", async () => {
    const { url, seen } = await serve([{ status: 503 }, { status: 429, headers: { "retry-after": "2" } }]);
    const time = fakeTime();
    const retried: string[] = [];
    const http = new HttpClient({
      ...time,
      random: () => 1,
      onRetry: (w, ms, why) => retried.push(`${w} ${ms} ${why}`),
    });
    const started = Date.now();
    const res = await http.request({ method: "PUT", url, body: "payload" });
    expect(res.status).toBe(200);
    expect(res.text()).toBe("answer 3");
    expect(time.waits).toEqual([500, 2000]);
    expect(retried).toEqual([`PUT ${url} 500 status 503`, `PUT ${url} 2000 status 429`]);
    expect(seen.map((s) => s.body)).toEqual(["payload", "payload", "payload"]);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it("re-opens a stream body for each attempt; a bare stream is sent once, never retried", async () => {
    const { Readable } = await import("node:stream");
    const { url, seen } = await serve([{ status: 502 }, { status: 502 }, { status: 200 }, { status: 502 }]);
    const time = fakeTime();
    const http = new HttpClient(time);
    const res = await http.request({ method: "POST", url, body: () => Readable.from(["ab", "cd"]) });
    expect([res.status, seen.map((s) => s.body)]).toEqual([200, ["abcd", "abcd", "abcd"]]);
    const once = await http.request({ method: "POST", url, body: Readable.from(["x"]) });
    expect([once.status, seen.at(-1)?.body]).toEqual([502, "x"]);
    expect(time.waits).toHaveLength(2);
  });

  it("gives up after `retries` and throws the network error of the last attempt", async () => {
    const { url } = await serve([]);
    await new Promise<void>((r) => server!.close(() => r()));
    server = undefined;
    const time = fakeTime();
    const http = new HttpClient({ ...time, retries: 2, random: () => 1 });
    const error = await http.request({ url }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toMatch(/ECONNREFUSED/);
    expect(time.waits).toEqual([500, 1000]);
  });

  it("does not retry a POST that must not run twice after a 5xx, but waits out its rate limit", async () => {
    const { url, seen } = await serve([{ status: 429, headers: { "retry-after": "1" } }, { status: 500 }]);
    const time = fakeTime();
    const http = new HttpClient(time);
    const res = await http.request({ method: "POST", url, retry: "rate-limits" });
    expect([res.status, seen.length, time.waits]).toEqual([500, 2, [1000]]);
  });
});
