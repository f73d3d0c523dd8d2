import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  fulcioHandler,
  initializeCA,
  initializeCTLog,
  initializeTLog,
  initializeTSA,
  rekorHandler,
  tsaHandler,
  type HandlerFn,
} from "@sigstore/mock";
// The mock's key helper is not re-exported by its entry point.
import { generateKeyPair } from "@sigstore/mock/dist/util/key.js";

export const OIDC_ISSUER = "https://token.actions.githubusercontent.com";
export const REPOSITORY = "acme/rgreet";
export const WORKFLOW_IDENTITY = `https://github.com/${REPOSITORY}/.github/workflows/release.yml@refs/heads/main`;

export interface SigstoreStandIn {
  url: string;
  /** `sign.sigstore` pointing here. */
  option: { fulcioUrl: string; rekorUrl: string; tsaUrl: string; audience: string };
  /** The GitHub Actions OIDC variables of a job with `id-token: write`, pointing here. */
  oidcEnv: { ACTIONS_ID_TOKEN_REQUEST_URL: string; ACTIONS_ID_TOKEN_REQUEST_TOKEN: string };
  /** `trusted_root.json` of the stand-ins (Fulcio CA, Rekor key, CT log key, TSA chain). */
  trustedRoot: object;
  /** Requests received, as `METHOD path` with the authorization header. */
  requests: { line: string; authorization?: string }[];
  /** The OIDC id tokens handed out (secrets a signed release must never write or log). */
  issuedTokens: string[];
  stop(): Promise<void>;
}

const b64 = (b: ArrayBufferView | Buffer) =>
  Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("base64");
const VALID = { start: "2020-01-01T00:00:00Z" };

/** An unsigned JWT with GitHub Actions' claims (the Fulcio stand-in reads claims, not signatures). */
function githubToken(audience: string): string {
  const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const claims = {
    iss: OIDC_ISSUER,
    aud: audience,
    sub: WORKFLOW_IDENTITY,
    repository: REPOSITORY,
    repository_owner: "acme",
    ref: "refs/heads/main",
    sha: "0123456789abcdef0123456789abcdef01234567",
    workflow_ref: `${REPOSITORY}/.github/workflows/release.yml@refs/heads/main`,
    job_workflow_ref: `${REPOSITORY}/.github/workflows/release.yml@refs/heads/main`,
    event_name: "push",
    exp: Math.floor(Date.now() / 1000) + 600,
  };
  return `${enc({ alg: "none", typ: "JWT" })}.${enc(claims)}.`;
}

const readBody = async (req: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
};

/**
 * What Rekor stores for a proposed `dsse` entry (the mock logs the proposal as it came): the hashes of the envelope
 * and of its payload, and its signatures with their verifiers. Other kinds pass unchanged.
 */
function canonicalDsseEntry(body: string): string {
  const entry = JSON.parse(body) as {
    kind?: string;
    spec?: { proposedContent?: { envelope: string; verifiers: string[] } };
  };
  const proposed = entry.spec?.proposedContent;
  if (entry.kind !== "dsse" || !proposed) return body;
  const envelope = JSON.parse(proposed.envelope) as { payload: string; signatures: { sig: string }[] };
  const sha256 = (b: string | Buffer) => createHash("sha256").update(b).digest("hex");
  return JSON.stringify({
    apiVersion: "0.0.1",
    kind: "dsse",
    spec: {
      envelopeHash: { algorithm: "sha256", value: sha256(proposed.envelope) },
      payloadHash: { algorithm: "sha256", value: sha256(Buffer.from(envelope.payload, "base64")) },
      signatures: envelope.signatures.map((s, i) => ({ signature: s.sig, verifier: proposed.verifiers[i] })),
    },
  });
}

/**
 * Fulcio, Rekor and a timestamp authority on 127.0.0.1 (answers built by `@sigstore/mock`, served over real HTTP)
 * and the GitHub Actions OIDC token endpoint.
 */
export async function startSigstore(): Promise<SigstoreStandIn> {
  const keys = {
    ca: generateKeyPair("prime256v1"),
    tlog: generateKeyPair("prime256v1"),
    tsa: generateKeyPair("prime256v1"),
  };
  const ctlog = await initializeCTLog(keys.ca);
  const ca = await initializeCA(keys.ca, ctlog);
  const requests: SigstoreStandIn["requests"] = [];
  const issuedTokens: string[] = [];
  const routes = new Map<string, HandlerFn>();
  const server: Server = createServer((req, res) => {
    void (async () => {
      const path = (req.url ?? "").split("?")[0]!;
      requests.push({ line: `${req.method} ${path}`, authorization: req.headers.authorization });
      if (req.method === "GET" && path === "/oidc/token") {
        const audience = new URL(req.url!, "http://x").searchParams.get("audience") ?? "";
        const ok = req.headers.authorization === "Bearer request-token-secret";
        res.writeHead(ok ? 200 : 401, { "content-type": "application/json" });
        const value = githubToken(audience);
        if (ok) issuedTokens.push(value);
        return res.end(JSON.stringify(ok ? { value } : { message: "bad token" }));
      }
      const fn = req.method === "POST" ? routes.get(path) : undefined;
      if (!fn) return res.writeHead(404).end();
      const body = await readBody(req);
      const r = await fn(path === "/rekor/api/v1/log/entries" ? canonicalDsseEntry(body) : body);
      res.writeHead(r.statusCode, { "content-type": r.contentType ?? "application/json" });
      res.end(typeof r.response === "string" ? r.response : Buffer.from(r.response.buffer));
    })();
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const tlog = await initializeTLog(`${url}/rekor`, keys.tlog);
  const tsa = await initializeTSA(keys.tsa);
  // The mock writes genTime with trimmed milliseconds (`.12Z`) that @sigstore/core's parser refuses one time in
  // ten: its clock here stays on the current time with a millisecond that does not end in 0.
  (tsa as unknown as { getCurrentTime: () => Date }).getCurrentTime = () => {
    const now = new Date();
    if (now.getMilliseconds() % 10 === 0) now.setMilliseconds(now.getMilliseconds() + 1);
    return now;
  };
  for (const [prefix, h] of [
    ["/fulcio", fulcioHandler(ca)],
    ["/rekor", rekorHandler(tlog)],
    ["/tsa", tsaHandler(tsa)],
  ] as const)
    routes.set(`${prefix}${h.path}`, h.fn);
  const logKey = (publicKey: Buffer, keyId: Buffer) => ({
    baseUrl: url,
    hashAlgorithm: "SHA2_256",
    publicKey: { rawBytes: b64(publicKey), keyDetails: "PKIX_ECDSA_P256_SHA_256", validFor: VALID },
    logId: { keyId: b64(keyId) },
  });
  const trustedRoot = {
    mediaType: "application/vnd.dev.sigstore.trustedroot+json;version=0.1",
    tlogs: [logKey(tlog.publicKey, createHash("sha256").update(tlog.publicKey).digest())],
    ctlogs: [logKey(ctlog.publicKey, Buffer.from(ctlog.logID.buffer))],
    certificateAuthorities: [
      {
        subject: { organization: "sigstore.mock", commonName: "sigstore" },
        uri: `${url}/fulcio`,
        certChain: { certificates: [{ rawBytes: b64(ca.rootCertificate) }] },
        validFor: VALID,
      },
    ],
    timestampAuthorities: [
      {
        subject: { organization: "sigstore.mock", commonName: "tsa" },
        uri: `${url}/tsa`,
        certChain: {
          certificates: [{ rawBytes: b64(tsa.intCertificate) }, { rawBytes: b64(tsa.rootCertificate) }],
        },
        validFor: VALID,
      },
    ],
  };
  return {
    url,
    option: {
      fulcioUrl: `${url}/fulcio`,
      rekorUrl: `${url}/rekor`,
      tsaUrl: `${url}/tsa/api/v1/timestamp`,
      audience: "sigstore",
    },
    oidcEnv: {
      ACTIONS_ID_TOKEN_REQUEST_URL: `${url}/oidc/token?api-version=2.0`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: "request-token-secret",
    },
    trustedRoot,
    requests,
    issuedTokens,
    stop: () => new Promise((ok) => server.close(() => ok())),
  };
}
