import { readFile } from "node:fs/promises";
import { bundleFromJSON } from "@sigstore/bundle";
import { TrustedRoot } from "@sigstore/protobuf-specs";
import {
  Verifier,
  toSignedEntity,
  toTrustMaterial,
  type Signer,
  type VerificationPolicy,
} from "@sigstore/verify";
import { verify as verifyWithPublicGood, type Bundle } from "sigstore";
import type { CheckResult } from "./method.js";

/** Fulcio's Source Repository URI certificate extension (the repository whose workflow signed). */
const SOURCE_REPOSITORY_URI = "1.3.6.1.4.1.57264.1.12";
export const GITHUB_ACTIONS_ISSUER = "https://token.actions.githubusercontent.com";

export interface SigstorePolicy {
  /** The certificate's subject (the workflow URI, `https://github.com/o/r/.github/workflows/release.yml@refs/...`). */
  identity?: string;
  /** The releasing repository, `owner/name` or its URL, matched against the Source Repository URI extension. */
  repository?: string;
  /** Where `repository` came from when not given (`the download URL`, `the provenance`), for the output. */
  repositoryFrom?: string;
  /**
   * The workflow that must have signed: its file name (`release-rust.yml`), its path in the repository, or its
   * URL; matched against the certificate's subject without the ref.
   */
  workflow?: string;
  /** The OIDC issuer (default GitHub Actions'). */
  issuer?: string;
  /** A `trusted_root.json` (Fulcio, Rekor, CT log and TSA keys); default: Sigstore's public-good root over TUF. */
  trustedRoot?: string;
}

/** The UTF-8 value of a Fulcio extension (a DER UTF8String, or raw text in the oldest extensions). */
function extensionText(signer: Signer, oid: string): string | undefined {
  const found = signer.identity?.oids?.find((o) => o.oid?.id.join(".") === oid);
  if (!found) return undefined;
  const v = Buffer.from(found.value);
  return (v[0] === 0x0c && v[1] === v.length - 2 ? v.subarray(2) : v).toString("utf8");
}

const repositoryUrl = (r: string): string => (/^https?:\/\//.test(r) ? r : `https://github.com/${r}`);

/** Whether the certificate's subject (`https://github.com/o/r/.github/workflows/f.yml@ref`) is that workflow. */
export function workflowMatches(subject: string, workflow: string): boolean {
  const bare = (s: string) => s.replace(/@[^@]*$/, "");
  if (/^https?:\/\//.test(workflow)) return bare(subject) === bare(workflow);
  const path = bare(subject).replace(/^https?:\/\/[^/]+\/[^/]+\/[^/]+\//, "");
  return path === workflow || path === `.github/workflows/${workflow}`;
}

/**
 * Verifies the bundle's chain and signature. A DSSE bundle (the provenance) is checked without the file, whose
 * bytes must then be the envelope's payload.
 */
async function verifyBundle(bundle: Bundle, data: Buffer, p: SigstorePolicy): Promise<Signer> {
  const dsse = !!bundle.dsseEnvelope;
  if (dsse && !Buffer.from(bundle.dsseEnvelope!.payload, "base64").equals(data))
    throw new Error("the envelope's payload is not this file");
  const policy: VerificationPolicy = {
    ...(p.identity ? { subjectAlternativeName: p.identity } : {}),
    extensions: { issuer: p.issuer ?? GITHUB_ACTIONS_ISSUER },
  };
  if (!p.trustedRoot) {
    const o = {
      ...(p.identity ? { certificateIdentityURI: p.identity } : {}),
      certificateIssuer: policy.extensions!.issuer!,
    };
    return dsse ? verifyWithPublicGood(bundle, o) : verifyWithPublicGood(bundle, data, o);
  }
  const root = TrustedRoot.fromJSON(JSON.parse(await readFile(p.trustedRoot, "utf8")));
  const verifier = new Verifier(toTrustMaterial(root), { tlogThreshold: 1, ctlogThreshold: 1 });
  return verifier.verify(toSignedEntity(bundleFromJSON(bundle), dsse ? undefined : data), policy);
}

/**
 * Verifies a Sigstore bundle for a file: the certificate chains to Fulcio, the signature is in Rekor and covers
 * the file's bytes, the issuer (and the identity and repository asked for) match.
 */
export async function verifySigstore(
  bundleFile: string,
  file: string,
  p: SigstorePolicy,
): Promise<CheckResult> {
  let signer: Signer;
  try {
    const bundle = JSON.parse(await readFile(bundleFile, "utf8")) as Bundle;
    signer = await verifyBundle(bundle, await readFile(file), p);
  } catch (error) {
    return { ok: false, detail: `bad bundle (${error instanceof Error ? error.message : String(error)})` };
  }
  return identityResult(signer, p);
}

/** Whether a verified signature was made from the repository and workflow asked for. */
function identityResult(signer: Signer, p: SigstorePolicy): CheckResult {
  const repository = extensionText(signer, SOURCE_REPOSITORY_URI);
  const who = signer.identity?.subjectAlternativeName ?? "?";
  if (p.repository && repository !== repositoryUrl(p.repository)) {
    const from = p.repositoryFrom ? ` (from ${p.repositoryFrom})` : "";
    const detail = `signed from ${repository ?? "an unknown repository"}, not ${repositoryUrl(p.repository)}${from}`;
    return { ok: false, identity: true, detail };
  }
  if (p.workflow && !workflowMatches(who, p.workflow))
    return { ok: false, identity: true, detail: `signed by ${who}, not by the workflow ${p.workflow}` };
  const unchecked =
    p.identity || p.repository ? "" : "; identity not checked (--repository OWNER/NAME, --sigstore-identity)";
  return { ok: true, detail: `signed by ${who}${repository ? ` from ${repository}` : ""}${unchecked}` };
}
