import type { HttpClient } from "../../http/client.js";

/** A parsed `WWW-Authenticate` header. */
export interface Challenge {
  scheme: "basic" | "bearer";
  params: Record<string, string>;
}

export interface Credentials {
  username: string;
  password: string;
}

/** Parses `Bearer realm="…",service="…",scope="…"` or `Basic realm="…"`. */
export function parseChallenge(header: string | null): Challenge | undefined {
  if (!header) return undefined;
  const m = /^\s*(\w+)\s*(.*)$/s.exec(header);
  const scheme = m?.[1]?.toLowerCase();
  if (scheme !== "basic" && scheme !== "bearer") return undefined;
  const params: Record<string, string> = {};
  for (const p of (m?.[2] ?? "").matchAll(/([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g)) {
    params[(p[1] ?? "").toLowerCase()] = (p[2] ?? p[3] ?? "").replace(/\\(.)/g, "$1");
  }
  return { scheme, params };
}

export const basicHeader = (c: Credentials): string =>
  `Basic ${Buffer.from(`${c.username}:${c.password}`).toString("base64")}`;

/** Scope string of the token flow: `repository:owner/app:pull,push`. */
export const repositoryScope = (repository: string, actions: readonly string[]): string =>
  `repository:${repository}:${actions.join(",")}`;

/**
 * Runs the bearer token flow (`GET realm?service=…&scope=…`, with Basic credentials when there are some).
 * Returns the token, or the HTTP status when the token server refuses.
 */
export async function fetchToken(
  challenge: Challenge,
  scope: string | undefined,
  credentials: Credentials | undefined,
  http: HttpClient,
): Promise<{ token: string } | { status: number; body: string }> {
  const realm = challenge.params.realm;
  if (!realm) return { status: 0, body: "the registry's bearer challenge has no realm" };
  const url = new URL(realm);
  if (challenge.params.service) url.searchParams.set("service", challenge.params.service);
  // A challenge may name several scopes, space-separated; the token endpoint takes one `scope` parameter each.
  for (const one of (scope ?? "").split(" ").filter(Boolean)) url.searchParams.append("scope", one);
  const headers: Record<string, string> = {};
  if (credentials) headers.authorization = basicHeader(credentials);
  const res = await http.request({ url, headers });
  const body = res.text();
  if (!res.ok) return { status: res.status, body };
  const json = JSON.parse(body) as { token?: string; access_token?: string };
  const token = json.token ?? json.access_token;
  return token ? { token } : { status: res.status, body: "the token server answered without a token" };
}
