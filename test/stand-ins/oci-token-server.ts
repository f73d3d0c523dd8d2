import { createSign, X509Certificate } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { exec } from "../../src/util/exec.js";

/** The token server of distribution's `auth.token` scheme (what Docker Hub and GHCR run), for tests. */
export interface TokenServer {
  /** The `realm` the registry sends in its Bearer challenge. */
  realm: string;
  service: string;
  issuer: string;
  /** PEM of the certificate the registry trusts (`rootcertbundle`). */
  certPath: string;
  /** Token requests received, with the scope asked and whether credentials were right. */
  requests: { scope: string; user?: string; granted: boolean }[];
  stop(): Promise<void>;
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString("base64url");

/**
 * Serves `GET /token?service=…&scope=repository:NAME:pull,push` as documented for the registry token
 * specification: Basic credentials are checked, the answer is `{token, access_token, expires_in, issued_at}`
 * with an RS256 JWT carrying the granted `access` and the signing certificate in `x5c`. Anonymous callers get
 * a token without access; wrong credentials get 401. The `readOnly` account gets a token that grants `pull` only
 * (and `push` on its `pushable` repositories),
 * as Docker Hub grants the requested actions the account has (the intersection), not an error.
 */
export async function startTokenServer(
  dir: string,
  auth: {
    user: string;
    password: string;
    readOnly?: { user: string; password: string; pushable?: string[] };
  },
): Promise<TokenServer> {
  const keyPath = join(dir, "token-key.pem");
  const certPath = join(dir, "token-cert.pem");
  await exec("openssl", [
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-keyout",
    keyPath,
    "-out",
    certPath,
    "-subj",
    "/CN=srr-token",
    "-days",
    "2",
  ]);
  const key = await readFile(keyPath, "utf8");
  const certDer = new X509Certificate(await readFile(certPath)).raw.toString("base64");
  const service = "srr-registry";
  const issuer = "srr-token-issuer";
  const requests: TokenServer["requests"] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    // One `scope` parameter per scope, as the token specification has it; logged space-separated.
    const scopes = url.searchParams.getAll("scope");
    const scope = scopes.join(" ");
    const header = req.headers.authorization ?? "";
    const basic = header.startsWith("Basic ") ? Buffer.from(header.slice(6), "base64").toString() : undefined;
    const [user, ...rest] = (basic ?? "").split(":");
    const pass = rest.join(":");
    const full = basic !== undefined && user === auth.user && pass === auth.password;
    const pullOnly = basic !== undefined && user === auth.readOnly?.user && pass === auth.readOnly?.password;
    const ok = full || pullOnly;
    if (basic !== undefined && !ok) {
      requests.push({ scope, user, granted: false });
      res.writeHead(401, { "content-type": "application/json" });
      res.end(JSON.stringify({ errors: [{ code: "UNAUTHORIZED", message: "bad credentials" }] }));
      return;
    }
    requests.push({ scope, ...(user ? { user } : {}), granted: ok });
    const access = [];
    for (const one of scopes) {
      const m = /^repository:([^:]+):(.+)$/.exec(one);
      if (!ok || !m?.[1]) continue;
      const asked = (m[2] ?? "").split(",");
      const own = pullOnly && !!auth.readOnly?.pushable?.includes(m[1]);
      const actions = pullOnly && !own ? asked.filter((a) => a === "pull") : asked;
      access.push({ type: "repository", name: m[1], actions });
    }
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      iss: issuer,
      sub: user ?? "",
      aud: service,
      exp: now + 300,
      nbf: now - 10,
      iat: now,
      jti: `${now}-${requests.length}`,
      access,
    };
    const signingInput = `${b64url(JSON.stringify({ alg: "RS256", typ: "JWT", x5c: [certDer] }))}.${b64url(JSON.stringify(claims))}`;
    const signature = createSign("RSA-SHA256").update(signingInput).sign(key);
    const token = `${signingInput}.${b64url(signature)}`;
    res.writeHead(200, { "content-type": "application/json" });
    res.end(
      JSON.stringify({
        token,
        access_token: token,
        expires_in: 300,
        issued_at: new Date(now * 1000).toISOString(),
      }),
    );
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const realm = `http://127.0.0.1:${(server.address() as { port: number }).port}/token`;
  return {
    realm,
    service,
    issuer,
    certPath,
    requests,
    stop: () => new Promise((r) => server.close(() => r())),
  };
}
