import { CARGO_PLUGIN } from "../plugins.js";
import { getError } from "../errors/get-error.js";
import type { Logger } from "../types.js";
import { HttpClient, type HttpAnswer } from "../http/client.js";

/** The sparse-index path of a crate: `1/a`, `2/ab`, `3/a/abc`, `ab/cd/abcd` (lower-cased). */
export function indexFilePath(name: string): string {
  const n = name.toLowerCase();
  if (n.length <= 2) return `${n.length}/${n}`;
  if (n.length === 3) return `3/${n[0]}/${n}`;
  return `${n.slice(0, 2)}/${n.slice(2, 4)}/${n}`;
}

interface IndexClientOptions {
  /** HTTP base of the sparse index, ending with `/`. */
  indexUrl: string;
  /** Sent as `Authorization` when the registry's `config.json` says `auth-required`. */
  token?: string;
  logger: Logger;
  /** The environment whose proxy settings apply (the context's `env`). */
  env?: NodeJS.ProcessEnv;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Attempts per request on HTTP 429, 5xx and network errors (default 5). */
  attempts?: number;
}

export interface IndexClient {
  /** The versions the index lists for a crate (empty when it has none). */
  versions(name: string): Promise<Set<string>>;
  /** The registry's `config.json`. */
  config(): Promise<{ dl?: string; api?: string; "auth-required"?: boolean }>;
  /** The clock and sleep of its waits (`waitForVersion` uses them too). */
  readonly http: HttpClient;
}

/** Reads a registry's sparse index over HTTP; 429 waits for `Retry-After`, 5xx and network errors retry. */
export function sparseIndexClient(o: IndexClientOptions): IndexClient {
  const http = new HttpClient({
    env: o.env,
    userAgent: CARGO_PLUGIN,
    retries: (o.attempts ?? 5) - 1,
    baseDelayMs: 1000,
    ...(o.now ? { now: o.now } : {}),
    ...(o.sleep ? { sleep: o.sleep } : {}),
    onRetry: (_what, ms, reason) => {
      if (reason === "status 429")
        o.logger.log("The index of %s answered 429; waiting %d s", o.indexUrl, Math.ceil(ms / 1000));
    },
  });
  let configPromise: Promise<{ dl?: string; api?: string; "auth-required"?: boolean }> | undefined;

  async function get(path: string, auth: boolean): Promise<HttpAnswer | undefined> {
    const url = new URL(path, o.indexUrl).href;
    let res: HttpAnswer;
    try {
      res = await http.request({
        url,
        headers: { "cache-control": "no-cache", ...(auth && o.token ? { authorization: o.token } : {}) },
      });
    } catch (error) {
      throw getError("ECRATESINDEX", { url, reason: String((error as Error).cause ?? error) });
    }
    if (res.ok) return res;
    if (res.status === 404 || res.status === 410 || res.status === 451) return undefined;
    throw getError("ECRATESINDEX", { url, reason: `HTTP ${res.status}` });
  }

  const config = () =>
    (configPromise ??= get("config.json", false).then(async (res) => {
      if (!res)
        throw getError("ECRATESINDEX", {
          url: new URL("config.json", o.indexUrl).href,
          reason: "no config.json",
        });
      return res.data() as { dl?: string; api?: string; "auth-required"?: boolean };
    }));

  return {
    http,
    config,
    async versions(name) {
      const auth = (await config())["auth-required"] === true;
      const res = await get(indexFilePath(name), auth);
      if (!res) return new Set();
      const text = res.text();
      const versions = new Set<string>();
      for (const line of text.split("\n")) {
        if (!line.trim()) continue;
        const entry = JSON.parse(line) as { vers?: unknown };
        if (typeof entry.vers === "string") versions.add(entry.vers);
      }
      return versions;
    },
  };
}

/** Polls the index until it lists `name@version`; false when `timeoutMs` runs out first (the index's clock). */
export async function waitForVersion(
  index: IndexClient,
  name: string,
  version: string,
  o: { timeoutMs: number; pollMs?: number },
): Promise<boolean> {
  const { http } = index;
  const deadline = http.now() + o.timeoutMs;
  for (let delay = o.pollMs ?? 500; ; delay = Math.min(delay * 2, 10_000)) {
    if ((await index.versions(name)).has(version)) return true;
    if (http.now() >= deadline) return false;
    await http.sleep(Math.min(delay, Math.max(0, deadline - http.now())));
  }
}
