import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ImageManifest } from "../oci/media-types.js";
import { digestHex } from "../oci/digest.js";
import { CYCLONEDX, listReferrers, type ReferrerDescriptor } from "../oci/referrers.js";
import { KEY_SIGNATURE_TYPES, SIGSTORE_BUNDLE } from "../oci/referrers-signature.js";
import { RegistryClient } from "../oci/registry/client.js";
import { isLocalRegistry, parseImageName } from "../oci/registry/image-name.js";
import { HttpClient } from "../http/client.js";
import { credentialsFor } from "../docker/credentials.js";
import { checkSignatures, type CheckLine, type VerifyKeys } from "./check-files.js";
import { SIGNATURE_EXTENSIONS, type SignatureMethod } from "./method.js";
import { withPrivateDir } from "./private-dir.js";

/** `[oci://|docker://]name[:tag|@sha256:…]` → the image name and the tag or digest (default `latest`). */
export function parseImageRef(ref: string): { name: string; reference: string } | undefined {
  const m = /^(?:oci:\/\/|docker:\/\/)?([^@]+?)(?::([\w][\w.-]{0,127}))?(?:@(sha256:[0-9a-f]{64}))?$/.exec(
    ref,
  );
  if (!m?.[1]) return undefined;
  return { name: m[1], reference: m[3] ?? m[2] ?? "latest" };
}

const METHOD_OF: Record<string, SignatureMethod> = {
  [SIGSTORE_BUNDLE]: "sigstore",
  [KEY_SIGNATURE_TYPES.gpg]: "gpg",
  [KEY_SIGNATURE_TYPES.minisign]: "minisign",
};

/** The image digest a signed payload names: cosign's in-toto statement subject, or simple-signing's digest. */
function signedDigest(payload: string): string | undefined {
  try {
    const p = JSON.parse(payload) as {
      subject?: { digest?: { sha256?: string } }[];
      critical?: { image?: { "docker-manifest-digest"?: string } };
    };
    const hex = p.subject?.[0]?.digest?.sha256;
    return hex ? `sha256:${hex}` : p.critical?.image?.["docker-manifest-digest"];
  } catch {
    return undefined;
  }
}

/** The payload that was signed and the signature file, from a signature referrer's layers. */
function signedFiles(method: SignatureMethod, layers: Buffer[]): { payload: Buffer; signature: Buffer } {
  if (method !== "sigstore")
    return { payload: layers[0] ?? Buffer.alloc(0), signature: layers[1] ?? Buffer.alloc(0) };
  const bundle = layers[0] ?? Buffer.alloc(0);
  const envelope = (JSON.parse(bundle.toString("utf8")) as { dsseEnvelope?: { payload?: string } })
    .dsseEnvelope;
  return { payload: Buffer.from(envelope?.payload ?? "", "base64"), signature: bundle };
}

/**
 * `verify --image REF`: the image's referrers (referrers API, else the `sha256-<hex>` tag), each signature checked
 * with the keys given (Sigstore: the trust root and identity policy) and for naming this digest, each SBOM read.
 */
export async function verifyImage(
  ref: string,
  keys: VerifyKeys,
  env: NodeJS.ProcessEnv,
): Promise<CheckLine[]> {
  try {
    return await checkImage(ref, keys, env);
  } catch (error) {
    const detail = `the registry could not be read (${error instanceof Error ? error.message : String(error)})`;
    return [{ status: "FAIL", file: ref, check: "image", detail }];
  }
}

/** The checks of `verifyImage`, which turns a registry that cannot be read into a failed line. */
async function checkImage(ref: string, keys: VerifyKeys, env: NodeJS.ProcessEnv): Promise<CheckLine[]> {
  const parsed = parseImageRef(ref);
  const image = parsed && parseImageName(parsed.name);
  const fail = (check: string, detail: string): CheckLine[] => [{ status: "FAIL", file: ref, check, detail }];
  if (!parsed || !image) return fail("image", "not an image reference (name[:tag] or name@sha256:…)");
  const insecure = isLocalRegistry(image.registry);
  // A private registry: the same variables the docker plugin reads (DOCKER_USERNAME/DOCKER_PASSWORD, GITHUB_TOKEN).
  const { credentials } = credentialsFor(image.registry, {}, env);
  const http = new HttpClient({ env });
  const client = new RegistryClient({
    apiHost: image.apiHost,
    insecure,
    http,
    ...(credentials ? { credentials } : {}),
  });
  const top = await client.getManifest(image.repository, parsed.reference);
  if (!top) return fail("image", `${parsed.reference} is not in ${image.registry}/${image.repository}`);
  if (parsed.reference.startsWith("sha256:") && top.digest !== parsed.reference)
    return fail("image", `the registry's manifest is ${top.digest}, not ${parsed.reference}`);
  const listed = await listReferrers(client, image.repository, top.digest);
  const where = listed.via === "api" ? "referrers API" : `tag sha256-${digestHex(top.digest)}`;
  const lines: CheckLine[] = [
    {
      status: "OK",
      file: ref,
      check: "digest",
      detail: `${top.digest}, ${listed.manifests.length} referrers (${where})`,
    },
  ];
  const read = async (d: ReferrerDescriptor) => {
    const got = await client.getManifest(image.repository, d.digest);
    const manifest = JSON.parse(got?.data.toString("utf8") ?? "{}") as ImageManifest;
    return Promise.all((manifest.layers ?? []).map((l) => client.getBlob(image.repository, l.digest)));
  };
  await withPrivateDir(env, "srr-verify-image-", async (dir) => {
    for (const [i, d] of listed.manifests.entries()) {
      const method = METHOD_OF[d.artifactType ?? ""];
      if (d.artifactType === CYCLONEDX) {
        const [sbom] = await read(d);
        const platform = d.annotations?.["dev.semantic-release-rust.platform"] ?? "?";
        lines.push({
          status: "OK",
          file: ref,
          check: `sbom ${platform}`,
          detail: `${sbom?.length ?? 0} bytes, ${d.digest}`,
        });
      } else if (method) {
        const layers = await read(d);
        const o = { method, layers, dir: join(dir, String(i)), digest: top.digest, ref, keys, env };
        lines.push(...(await checkSignature(o)));
      }
    }
  });
  if (!listed.manifests.some((d) => METHOD_OF[d.artifactType ?? ""]))
    lines.push(...fail("signature", "no signature is attached to this digest"));
  return lines;
}

/** One signature referrer: it must name this digest, then its signature is checked as a file's would be. */
async function checkSignature(o: {
  method: SignatureMethod;
  layers: Buffer[];
  dir: string;
  digest: string;
  ref: string;
  keys: VerifyKeys;
  env: NodeJS.ProcessEnv;
}): Promise<CheckLine[]> {
  const { method, digest, ref } = o;
  const check = `${method} signature`;
  let files: { payload: Buffer; signature: Buffer };
  try {
    files = signedFiles(method, o.layers);
  } catch {
    return [{ status: "FAIL", file: ref, check, detail: "unreadable signature" }];
  }
  const named = signedDigest(files.payload.toString("utf8"));
  if (named !== digest)
    return [
      { status: "FAIL", file: ref, check, detail: `signs ${named ?? "no image digest"}, not ${digest}` },
    ];
  await mkdir(o.dir);
  const payload = join(o.dir, "payload.json");
  await writeFile(payload, files.payload);
  await writeFile(`${payload}${SIGNATURE_EXTENSIONS[method]}`, files.signature);
  return (await checkSignatures(payload, o.keys, o.env)).map((l) => ({ ...l, file: ref, check }));
}
