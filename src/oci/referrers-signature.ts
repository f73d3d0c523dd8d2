import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { attest } from "sigstore";
import type { SignOption, SigstoreSignOption } from "../config/options/sign.js";
import { getError } from "../errors/get-error.js";
import { gpgSigner, withGpgHome } from "../sign/gpg.js";
import type { Signer } from "../sign/method.js";
import { withMinisignSigner } from "../sign/minisign.js";
import { withPrivateDir } from "../sign/private-dir.js";
import { githubOidcToken } from "../sign/sigstore.js";
import { blobOf, digestHex } from "./digest.js";
import type { Descriptor } from "./media-types.js";
import { artifactManifest, type Referrer } from "./referrers.js";
import { stableJson } from "./stable-json.js";

/** The media type of a Sigstore bundle (v0.3): the layer and the `artifactType` cosign looks for. */
export const SIGSTORE_BUNDLE = "application/vnd.dev.sigstore.bundle.v0.3+json";
/** The predicate of cosign 3's image signature: an in-toto statement whose subject is the image digest. */
export const COSIGN_SIGN_PREDICATE = "https://sigstore.dev/cosign/sign/v1";
export const IN_TOTO = "application/vnd.in-toto+json";
/** cosign's simple-signing payload (`critical.image.docker-manifest-digest`), what gpg and minisign sign. */
export const SIMPLE_SIGNING = "application/vnd.dev.cosign.simplesigning.v1+json";
/** The `artifactType` of the key-based signatures, one per method (cosign does not read them). */
export const KEY_SIGNATURE_TYPES = {
  gpg: "application/pgp-signature",
  minisign: "application/vnd.minisign.signature",
} as const;
export type KeyMethod = keyof typeof KEY_SIGNATURE_TYPES;

/** The in-toto statement cosign 3 signs for an image: subject = the image name with the index digest. */
export const cosignStatement = (image: string, digest: string): string =>
  stableJson({
    _type: "https://in-toto.io/Statement/v1",
    subject: [{ name: image, digest: { sha256: digestHex(digest) } }],
    predicateType: COSIGN_SIGN_PREDICATE,
    predicate: {},
  });

/** cosign's simple-signing payload for an image digest. */
export const simpleSigningPayload = (image: string, digest: string): string =>
  stableJson({
    critical: {
      identity: { "docker-reference": image },
      image: { "docker-manifest-digest": digest },
      type: "cosign container image signature",
    },
    optional: null,
  });

const title = (name: string) => ({ "org.opencontainers.image.title": name });

/**
 * A keyless Sigstore signature of the image as cosign 3 makes it: a bundle with a DSSE envelope of the in-toto
 * statement, attached with the bundle's media type and cosign's annotations.
 */
export async function sigstoreReferrer(
  option: SigstoreSignOption,
  env: NodeJS.ProcessEnv,
  o: { image: string; subject: Descriptor; created: string; token?: () => Promise<string> },
): Promise<Referrer> {
  const identityToken = await (o.token?.() ?? githubOidcToken(env, option.audience));
  let bundle: unknown;
  try {
    bundle = await attest(Buffer.from(cosignStatement(o.image, o.subject.digest)), IN_TOTO, {
      fulcioURL: option.fulcioUrl,
      rekorURL: option.rekorUrl,
      ...(option.tsaUrl ? { tsaServerURL: option.tsaUrl } : {}),
      identityToken,
    });
  } catch (error) {
    const e = error as { code?: unknown; message?: unknown };
    const step = typeof e.code === "string" ? e.code : "signing";
    throw getError("ESIGSTORE", { file: `${o.image}@${o.subject.digest}`, step, reason: String(e.message) });
  }
  const layer = blobOf(SIGSTORE_BUNDLE, JSON.stringify(bundle));
  layer.descriptor.annotations = title(`sha256-${digestHex(layer.descriptor.digest)}.sigstore.json`);
  return artifactManifest({
    artifactType: SIGSTORE_BUNDLE,
    subject: o.subject,
    layers: [layer],
    annotations: {
      "dev.sigstore.bundle.content": "dsse-envelope",
      "dev.sigstore.bundle.predicateType": COSIGN_SIGN_PREDICATE,
      "org.opencontainers.image.created": o.created,
    },
  });
}

/** The simple-signing payload and its gpg or minisign signature, as one referrer of the method's type. */
function keyReferrer(method: KeyMethod, payload: string, signature: Buffer, subject: Descriptor): Referrer {
  const payloadBlob = blobOf(SIMPLE_SIGNING, payload, { annotations: title("payload.json") });
  const ext = method === "gpg" ? "asc" : "minisig";
  const sig = blobOf(KEY_SIGNATURE_TYPES[method], signature, { annotations: title(`payload.json.${ext}`) });
  return artifactManifest({ artifactType: KEY_SIGNATURE_TYPES[method], subject, layers: [payloadBlob, sig] });
}

/** Signs the payload (written to a private temporary file) with `signer`. */
const signPayload = (signer: Signer, payload: string, env: NodeJS.ProcessEnv): Promise<Buffer> =>
  withPrivateDir(env, "srr-image-sig-", async (dir) => {
    const file = join(dir, "payload.json");
    await writeFile(file, payload, { mode: 0o600 });
    return signer.sign(file);
  });

/** The gpg and minisign signatures of an image (the methods of `sign` that are set and in `methods`). */
export async function keyReferrers(
  sign: SignOption,
  env: NodeJS.ProcessEnv,
  o: { image: string; subject: Descriptor; methods: readonly KeyMethod[] },
): Promise<Referrer[]> {
  const payload = simpleSigningPayload(o.image, o.subject.digest);
  const out: Referrer[] = [];
  if (sign.gpg && o.methods.includes("gpg")) {
    const gpg = sign.gpg;
    const signature = await withGpgHome(env[gpg.keyEnv] ?? "", { env, variable: gpg.keyEnv }, (home) =>
      signPayload(gpgSigner(home, gpg), payload, env),
    );
    out.push(keyReferrer("gpg", payload, signature, o.subject));
  }
  if (sign.minisign && o.methods.includes("minisign")) {
    const signature = await withMinisignSigner(sign.minisign, env, (s) => signPayload(s, payload, env));
    out.push(keyReferrer("minisign", payload, signature, o.subject));
  }
  return out;
}
