import {
  basicHeader,
  fetchToken,
  parseChallenge,
  repositoryScope,
  type Challenge,
  type Credentials,
} from "./auth.js";
import { tokenGrants } from "./token-claims.js";
import { HttpAnswer, HttpClient } from "../../http/client.js";

type AuthCheck =
  | { ok: true; scheme: "none" | "basic" | "bearer" }
  | { ok: false; reason: "no-credentials" | "rejected" | "unreachable"; detail: string };

/** The message of a network error with its cause (`fetch failed: connect ECONNREFUSED 127.0.0.1:1`). */
export function networkDetail(error: unknown): string {
  const e = error as Error & { cause?: unknown };
  const cause = e.cause instanceof Error ? e.cause.message : e.cause ? String(e.cause) : "";
  return cause && !e.message.includes(cause) ? `${e.message}: ${cause}` : e.message;
}

/** `Bearer <token>` from the token server, with push scope on `repository`; a failed check when it is refused. */
async function bearerHeader(
  challenge: Challenge,
  repository: string,
  credentials: Credentials,
  http: HttpClient,
): Promise<string | AuthCheck> {
  const scope = repositoryScope(repository, ["pull", "push"]);
  let got: Awaited<ReturnType<typeof fetchToken>>;
  try {
    got = await fetchToken(challenge, scope, credentials, http);
  } catch (error) {
    const realm = challenge.params.realm ?? "the token server";
    return { ok: false, reason: "unreachable", detail: `${realm}: ${networkDetail(error)}` };
  }
  if (!("token" in got)) {
    return {
      ok: false,
      reason: "rejected",
      detail: `the token server answered HTTP ${got.status}: ${got.body.slice(0, 200)}`,
    };
  }
  const grants = tokenGrants(got.token, repository);
  if (grants && !grants.includes("push") && !grants.includes("*")) {
    return {
      ok: false,
      reason: "rejected",
      detail: `the token server grants ${grants.length ? grants.map((g) => `\`${g}\``).join(", ") : "no access"} on \`${repository}\`, not \`push\``,
    };
  }
  return `Bearer ${got.token}`;
}

/**
 * The registry's auth handshake, pushing nothing: `GET /v2/`; on 401 answer its challenge (Basic, or the
 * Bearer token flow with push scope on `repository`) and check that `GET /v2/` then succeeds. A JWT token
 * whose `access` claim does not grant `push` on `repository` (an account that may only pull) is rejected.
 * Never throws: network failures come back as `unreachable`.
 */
export async function checkRegistryAuth(
  base: string,
  repository: string,
  credentials: Credentials | undefined,
  http: HttpClient = new HttpClient(),
): Promise<AuthCheck> {
  const url = new URL("/v2/", base);
  const get = async (headers: Record<string, string> = {}): Promise<HttpAnswer | AuthCheck> => {
    try {
      return await http.request({ url, headers });
    } catch (error) {
      return { ok: false, reason: "unreachable", detail: `${url}: ${networkDetail(error)}` };
    }
  };
  const res = await get();
  if (!(res instanceof HttpAnswer)) return res;
  if (res.ok) return { ok: true, scheme: "none" };
  if (res.status !== 401)
    return { ok: false, reason: "unreachable", detail: `GET ${url} answered HTTP ${res.status}` };
  const challenge = parseChallenge(res.header("www-authenticate") ?? null);
  if (!challenge)
    return { ok: false, reason: "unreachable", detail: "401 without a usable WWW-Authenticate header" };
  if (!credentials)
    return { ok: false, reason: "no-credentials", detail: `the registry asks for ${challenge.scheme} auth` };
  const authorization =
    challenge.scheme === "basic"
      ? basicHeader(credentials)
      : await bearerHeader(challenge, repository, credentials, http);
  if (typeof authorization !== "string") return authorization;
  const again = await get({ authorization });
  if (!(again instanceof HttpAnswer)) return again;
  if (again.ok) return { ok: true, scheme: challenge.scheme };
  return {
    ok: false,
    reason: "rejected",
    detail: `GET ${url} with the credentials answered HTTP ${again.status}`,
  };
}
