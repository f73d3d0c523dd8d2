import { basicHeader, fetchToken, parseChallenge, repositoryScope, type Credentials } from "./auth.js";

export type AuthCheck =
  | { ok: true; scheme: "none" | "basic" | "bearer" }
  | { ok: false; reason: "no-credentials" | "rejected" | "unreachable"; detail: string };

/**
 * The registry's auth handshake, pushing nothing: `GET /v2/`; on 401 answer its challenge (Basic, or the
 * Bearer token flow with push scope on `repository`) and check that `GET /v2/` then succeeds.
 */
export async function checkRegistryAuth(
  base: string,
  repository: string,
  credentials: Credentials | undefined,
  fetchImpl: typeof fetch = fetch,
): Promise<AuthCheck> {
  const url = new URL("/v2/", base);
  let res: Response;
  try {
    res = await fetchImpl(url);
  } catch (error) {
    return {
      ok: false,
      reason: "unreachable",
      detail: `${url}: ${(error as Error).cause ?? (error as Error).message}`,
    };
  }
  await res.arrayBuffer().catch(() => undefined);
  if (res.ok) return { ok: true, scheme: "none" };
  if (res.status !== 401)
    return { ok: false, reason: "unreachable", detail: `GET ${url} answered HTTP ${res.status}` };
  const challenge = parseChallenge(res.headers.get("www-authenticate"));
  if (!challenge)
    return { ok: false, reason: "unreachable", detail: "401 without a usable WWW-Authenticate header" };
  if (!credentials)
    return { ok: false, reason: "no-credentials", detail: `the registry asks for ${challenge.scheme} auth` };
  let authorization: string;
  if (challenge.scheme === "basic") authorization = basicHeader(credentials);
  else {
    const got = await fetchToken(
      challenge,
      repositoryScope(repository, ["pull", "push"]),
      credentials,
      fetchImpl,
    );
    if (!("token" in got)) {
      return {
        ok: false,
        reason: "rejected",
        detail: `the token server answered HTTP ${got.status}: ${got.body.slice(0, 200)}`,
      };
    }
    authorization = `Bearer ${got.token}`;
  }
  const again = await fetchImpl(url, { headers: { authorization } });
  await again.arrayBuffer().catch(() => undefined);
  if (again.ok) return { ok: true, scheme: challenge.scheme };
  return {
    ok: false,
    reason: "rejected",
    detail: `GET ${url} with the credentials answered HTTP ${again.status}`,
  };
}
