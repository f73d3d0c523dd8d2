import { createVerify, X509Certificate } from "node:crypto";
import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { pipeline } from "node:stream/promises";
import { attest as sigstoreAttest, sign as sigstoreSign, type Bundle } from "sigstore";
import { getError } from "../errors/get-error.js";
import { HttpClient } from "../http/client.js";
import type { SigstoreSignOption } from "../config/options/sign.js";
import { fileDigest } from "../util/digest.js";
import { IN_TOTO_PAYLOAD_TYPE } from "../provenance/statement.js";
import type { Signer } from "./method.js";

export const OIDC_URL_ENV = "ACTIONS_ID_TOKEN_REQUEST_URL";
export const OIDC_TOKEN_ENV = "ACTIONS_ID_TOKEN_REQUEST_TOKEN";

/** The names of the GitHub Actions OIDC variables missing from `env` (none in a job with `id-token: write`). */
export const missingOidcEnv = (env: NodeJS.ProcessEnv): string[] =>
  [OIDC_URL_ENV, OIDC_TOKEN_ENV].filter((name) => !env[name]);

/** Asks GitHub Actions for an OIDC token for `audience` (the request token goes in a header, never argv or logs). */
export async function githubOidcToken(
  env: NodeJS.ProcessEnv,
  audience: string,
  http?: HttpClient,
): Promise<string> {
  const missing = missingOidcEnv(env);
  if (missing.length > 0) throw getError("ENOOIDCTOKEN", { missing });
  const url = new URL(env[OIDC_URL_ENV] as string);
  url.searchParams.append("audience", audience);
  const client = http ?? new HttpClient({ env });
  const answer = await client.request({
    url,
    headers: { accept: "application/json", authorization: `Bearer ${env[OIDC_TOKEN_ENV]}` },
    what: "GET the GitHub Actions OIDC token",
  });
  const value = answer.ok ? answer.data<{ value?: unknown }>()?.value : undefined;
  if (typeof value !== "string" || value === "") {
    const reason = `The token service answered HTTP ${answer.status} without a token.`;
    throw getError("ESIGSTORE", { file: "(all files)", step: "OIDC token", reason });
  }
  return value;
}

/** The leaf certificate of a bundle (v0.3 `certificate`, or the first of an older `x509CertificateChain`). */
function leafCertificate(bundle: Bundle): X509Certificate | undefined {
  const m = bundle.verificationMaterial as {
    certificate?: { rawBytes: string };
    x509CertificateChain?: { certificates: { rawBytes: string }[] };
  };
  const raw = m.certificate?.rawBytes ?? m.x509CertificateChain?.certificates[0]?.rawBytes;
  return raw ? new X509Certificate(Buffer.from(raw, "base64")) : undefined;
}

/** DSSE's pre-authentication encoding: what the signature of an envelope covers. */
export const dssePae = (type: string, body: Buffer): Buffer =>
  Buffer.concat([Buffer.from(`DSSEv1 ${Buffer.byteLength(type)} ${type} ${body.length} `), body]);

/** Whether a DSSE bundle's envelope carries exactly these bytes and its signature holds with its certificate. */
function envelopeSignsFile(bundle: Bundle, cert: X509Certificate, data: Buffer): boolean {
  const envelope = bundle.dsseEnvelope!;
  const payload = Buffer.from(envelope.payload, "base64");
  const sig = envelope.signatures[0]?.sig;
  if (!payload.equals(data) || !sig) return false;
  const verifier = createVerify("sha256").update(dssePae(envelope.payloadType, payload));
  return verifier.verify(cert.publicKey, Buffer.from(sig, "base64"));
}

/**
 * Whether a bundle made earlier signs exactly this file: its message digest is the file's sha256 (or its DSSE
 * envelope's payload is the file) and its signature verifies with its certificate's key. (The chain to Fulcio
 * and Rekor is `verify`'s job.)
 */
export async function bundleSignsFile(bundleJson: Buffer, file: string): Promise<boolean> {
  try {
    const bundle = JSON.parse(bundleJson.toString("utf8")) as Bundle;
    const message = bundle.messageSignature;
    const cert = leafCertificate(bundle);
    if (cert && bundle.dsseEnvelope) return envelopeSignsFile(bundle, cert, await readFile(file));
    if (!message?.messageDigest || !cert) return false;
    const digest = Buffer.from(message.messageDigest.digest, "base64").toString("hex");
    if (digest !== (await fileDigest(file)).sha256) return false;
    const verifier = createVerify("sha256");
    await pipeline(createReadStream(file), verifier);
    return verifier.verify(cert.publicKey, Buffer.from(message.signature, "base64"));
  } catch {
    return false;
  }
}

/**
 * A Sigstore keyless signer: one GitHub Actions OIDC token, then per file a Fulcio certificate, a Rekor entry
 * (and a timestamp with `tsaUrl`) in a bundle; the provenance statement is signed as a DSSE envelope (an
 * attestation, as GitHub's attestations API takes it).
 */
export function sigstoreSigner(option: SigstoreSignOption, env: NodeJS.ProcessEnv): Signer {
  let token: Promise<string> | undefined;
  return {
    method: "sigstore",
    async sign(file, kind) {
      // Asked for only when a file needs a new bundle: a re-run whose bundles all verify needs no token.
      token ??= githubOidcToken(env, option.audience);
      const identityToken = await token;
      try {
        const o = {
          fulcioURL: option.fulcioUrl,
          rekorURL: option.rekorUrl,
          ...(option.tsaUrl ? { tsaServerURL: option.tsaUrl } : {}),
          identityToken,
        };
        const data = await readFile(file);
        const bundle =
          kind === "provenance"
            ? await sigstoreAttest(data, IN_TOTO_PAYLOAD_TYPE, o)
            : await sigstoreSign(data, o);
        return Buffer.from(`${JSON.stringify(bundle, null, 2)}\n`);
      } catch (error) {
        const e = error as { code?: unknown; message?: unknown; cause?: { message?: unknown } };
        const cause = e.cause?.message ? ` (${String(e.cause.message)})` : "";
        const reason = `${String(e.message ?? error)}${cause}`;
        const step = typeof e.code === "string" ? e.code : "signing";
        throw getError("ESIGSTORE", { file, step, reason });
      }
    },
    verify: async (file, signature) => bundleSignsFile(signature, file),
  };
}
