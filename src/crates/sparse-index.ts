import { getError } from "../errors/get-error.js";
import type { Logger } from "../types.js";
import { retryAfterMs } from "./retry-after.js";

/** The sparse-index path of a crate: `1/a`, `2/ab`, `3/a/abc`, `ab/cd/abcd` (lower-cased). */
export function indexFilePath(name: string): string {
  const n = name.toLowerCase();
  if (n.length <= 2) return `${n.length}/${n}`;
  if (n.length === 3) return `3/${n[0]}/${n}`;
  return `${n.slice(0, 2)}/${n.slice(2, 4)}/${n}`;
}

export interface IndexClientOptions {
  /** HTTP base of the sparse index, ending with `/`. */
  indexUrl: string;
  /** Sent as `Authorization` when the registry's `config.json` says `auth-required`. */
  token?: string;
  logger: Logger;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** Attempts per request on HTTP 429, 5xx and network errors (default 5). */
  attempts?: number;
}

export interface IndexClient {
  /** The versions the index lists for a crate (empty when it has none). */
  versions(name: string): Promise<Set<string>>;
  /** The registry's `config.json`. */
  config(): Promise<{ dl?: string; api?: string; "auth-required"?: boolean }>;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Reads a registry's sparse index over HTTP; 429 waits for `Retry-After`, 5xx and network errors retry. */
export function sparseIndexClient(o: IndexClientOptions): IndexClient {
  const doFetch = o.fetch ?? fetch;
  const wait = o.sleep ?? sleep;
  const attempts = o.attempts ?? 5;
  let configPromise: Promise<{ dl?: string; api?: string; "auth-required"?: boolean }> | undefined;

  async function get(path: string, auth: boolean): Promise<Response | undefined> {
    const url = new URL(path, o.indexUrl).href;
    for (let attempt = 1; ; attempt++) {
      let res: Response;
      try {
        res = await doFetch(url, {
          headers: { "cache-control": "no-cache", ...(auth && o.token ? { authorization: o.token } : {}) },
        });
      } catch (error) {
        if (attempt >= attempts)
          throw getError("ECRATESINDEX", { url, reason: String((error as Error).cause ?? error) });
        await wait(1000 * attempt);
        continue;
      }
      if (res.ok) return res;
      if (res.status === 404 || res.status === 410 || res.status === 451) return undefined;
      const retry = res.status === 429 || res.status >= 500;
      if (!retry || attempt >= attempts)
        throw getError("ECRATESINDEX", { url, reason: `HTTP ${res.status}` });
      const ms = retryAfterMs(res.headers.get("retry-after"), Date.now()) ?? 1000 * attempt;
      if (res.status === 429)
        o.logger.log("The index of %s answered 429; waiting %d s", o.indexUrl, Math.ceil(ms / 1000));
      await wait(ms);
    }
  }

  const config = () =>
    (configPromise ??= get("config.json", false).then(async (res) => {
      if (!res)
        throw getError("ECRATESINDEX", {
          url: new URL("config.json", o.indexUrl).href,
          reason: "no config.json",
        });
      return (await res.json()) as { dl?: string; api?: string; "auth-required"?: boolean };
    }));

  return {
    config,
    async versions(name) {
      const auth = (await config())["auth-required"] === true;
      const res = await get(indexFilePath(name), auth);
      if (!res) return new Set();
      const text = await res.text();
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

/** Polls the index until it lists `name@version`; false when `timeoutMs` runs out first. */
export async function waitForVersion(
  index: IndexClient,
  name: string,
  version: string,
  o: { timeoutMs: number; pollMs?: number; sleep?: (ms: number) => Promise<void> },
): Promise<boolean> {
  const wait = o.sleep ?? sleep;
  const deadline = Date.now() + o.timeoutMs;
  for (let delay = o.pollMs ?? 500; ; delay = Math.min(delay * 2, 10_000)) {
    if ((await index.versions(name)).has(version)) return true;
    if (Date.now() >= deadline) return false;
    await wait(Math.min(delay, Math.max(0, deadline - Date.now())));
  }
}
