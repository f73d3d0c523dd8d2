import { Agent, EnvHttpProxyAgent, type Dispatcher } from "undici";

const pick = (env: NodeJS.ProcessEnv, name: string) => env[name.toLowerCase()] || env[name] || "";

/** The proxy settings of an environment, lower-case names first as curl reads them. */
function proxySettings(env: NodeJS.ProcessEnv) {
  return {
    httpProxy: pick(env, "HTTP_PROXY"),
    httpsProxy: pick(env, "HTTPS_PROXY"),
    noProxy: pick(env, "NO_PROXY"),
  };
}

const cache = new Map<string, Dispatcher>();

/**
 * undici 6 marks `EnvHttpProxyAgent` experimental with a process warning that every release behind a proxy would
 * print to its log (the class is stable in undici 7): that one warning, `UNDICI-EHPA`, is not shown.
 */
function withoutProxyWarning<T>(make: () => T): T {
  const emit = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    if ((rest[0] as { code?: string } | undefined)?.code === "UNDICI-EHPA") return;
    (emit as (...a: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    return make();
  } finally {
    process.emitWarning = emit;
  }
}

/**
 * The dispatcher for an environment: undici's `EnvHttpProxyAgent` when it sets `HTTP_PROXY` or `HTTPS_PROXY`
 * (with `NO_PROXY`), else a plain keep-alive agent. Read from the given env only, never from `process.env`
 * (empty strings stop undici from falling back to it). One per distinct setting, so connections are reused.
 */
export function dispatcherFor(env: NodeJS.ProcessEnv): Dispatcher {
  const p = proxySettings(env);
  const key = JSON.stringify(p);
  let d = cache.get(key);
  if (!d) {
    d = p.httpProxy || p.httpsProxy ? withoutProxyWarning(() => new EnvHttpProxyAgent(p)) : new Agent();
    cache.set(key, d);
  }
  return d;
}
