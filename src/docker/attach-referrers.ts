import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { loadConfig } from "../config/index.js";
import { signOptions, type SignOption } from "../config/options/sign.js";
import { getError } from "../errors/get-error.js";
import type { HttpDeps } from "../http/client.js";
import type { DistManifest } from "../manifest/dist-manifest.js";
import type { Descriptor } from "../oci/media-types.js";
import { platformString } from "../oci/platform.js";
import { networkDetail } from "../oci/registry/check-auth.js";
import { attachReferrer, listReferrers, sbomReferrer, type Referrer } from "../oci/referrers.js";
import {
  COSIGN_SIGN_PREDICATE,
  KEY_SIGNATURE_TYPES,
  keyReferrers,
  sigstoreReferrer,
  SIGSTORE_BUNDLE,
  type KeyMethod,
} from "../oci/referrers-signature.js";
import { BINARIES_PLUGIN, listedOptions } from "../plugins.js";
import type { Context, Logger, PluginConfig } from "../types.js";
import type { DockerConfig, ResolvedDocker, TargetImage } from "./config.js";
import { manifestBinaryTargets, planOciImages, planPlatforms } from "./oci-plan.js";
import { clientFor } from "./push-images.js";

/** The SBOM of the target a platform's binaries came from (`{archive}.cdx.json` of the dist manifest). */
export interface PlatformSbom {
  platform: string;
  target: string;
  /** The file name, `{archive}.cdx.json`. */
  name: string;
  data: Buffer;
}

/**
 * The `sign` option the images are signed with: the docker entry's own, else the one of
 * semantic-release-rust/binaries (signatures are configured in one place).
 */
export function imageSignOption(pluginConfig: PluginConfig, context: Context): SignOption | undefined {
  const sign = pluginConfig.sign ?? listedOptions(context, BINARIES_PLUGIN)?.sign;
  if (sign === undefined) return undefined;
  return loadConfig(BINARIES_PLUGIN, signOptions, { sign }).config.sign;
}

/**
 * Each platform's SBOM, found as the image builder found its binaries (the same pure plan as prepare): the
 * `sbom` entry of the manifest for the platform's target. None for `buildx` images (buildx makes its own).
 */
export async function platformSboms(
  r: Pick<ResolvedDocker, "config" | "distDir">,
  manifest: DistManifest | undefined,
): Promise<PlatformSbom[]> {
  const { builder, requests } = planPlatforms({
    ...(r.config.builder ? { builder: r.config.builder } : {}),
    ...(r.config.platforms ? { platforms: r.config.platforms } : {}),
    ...(manifest ? { binaryTargets: manifestBinaryTargets(manifest) } : {}),
  });
  if (builder !== "oci") return [];
  const out: PlatformSbom[] = [];
  for (const image of planOciImages(requests, manifest, r.config.binary).images) {
    // Kind `sbom` (made per target by semantic-release-rust/binaries).
    const sbom = manifest?.artifacts.find((a) => (a.kind as string) === "sbom" && a.target === image.target);
    if (!sbom) continue;
    const data = await readFile(join(r.distDir, sbom.path));
    out.push({ platform: platformString(image.platform), target: image.target, name: sbom.path, data });
  }
  return out;
}

interface AttachInput {
  images: TargetImage[];
  /** The index pushed to every image. */
  top: Descriptor;
  config: DockerConfig;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  deps?: HttpDeps;
  sign: SignOption | undefined;
  sboms: PlatformSbom[];
}

/**
 * Attaches to the pushed index, in every image's repository, its signatures (Sigstore bundle as cosign makes it;
 * gpg and minisign over cosign's simple-signing payload) and each platform's SBOM, as OCI referrers. A signature
 * already attached is kept (signatures are not reproducible); SBOM referrers are the same bytes on every run.
 * Each signature is made once for all the images.
 */
export async function attachReferrers(o: AttachInput): Promise<void> {
  if (!o.sign && o.sboms.length === 0) return;
  const made = new Map<string, Promise<Referrer[]>>();
  const once = (key: string, fn: () => Promise<Referrer[]>) => {
    if (!made.has(key)) made.set(key, fn());
    return made.get(key)!;
  };
  const subject = o.top;
  const first = o.images[0]?.name ?? "";
  const created = new Date(o.deps?.now?.() ?? Date.now()).toISOString();
  for (const image of o.images) {
    const client = clientFor(image, o.config, o.env, o.deps);
    const attach = async (what: string, referrer: Referrer) => {
      const result = await attachReferrer(client, image.repository, subject.digest, referrer);
      o.logger.log("%s of %s@%s: %s", what, image.name, subject.digest, result);
    };
    try {
      const listed = (await listReferrers(client, image.repository, subject.digest)).manifests;
      const has = (type: string, predicate?: string) =>
        listed.some(
          (m) =>
            m.artifactType === type &&
            (!predicate || m.annotations?.["dev.sigstore.bundle.predicateType"] === predicate),
        );
      const keep = (what: string) =>
        o.logger.log("%s of %s@%s: kept the one attached before", what, image.name, subject.digest);
      if (o.sign?.sigstore && has(SIGSTORE_BUNDLE, COSIGN_SIGN_PREDICATE)) keep("Sigstore signature");
      else if (o.sign?.sigstore) {
        const option = o.sign.sigstore;
        const [ref] = await once("sigstore", async () => [
          await sigstoreReferrer(option, o.env, { image: first, subject, created }),
        ]);
        await attach("Sigstore signature", ref!);
      }
      for (const method of ["gpg", "minisign"] as KeyMethod[]) {
        if (!o.sign?.[method]) continue;
        if (has(KEY_SIGNATURE_TYPES[method])) keep(`${method} signature`);
        else {
          const sign = o.sign;
          const [ref] = await once(method, () =>
            keyReferrers(sign, o.env, { image: first, subject, methods: [method] }),
          );
          await attach(`${method} signature`, ref!);
        }
      }
      for (const sbom of o.sboms) await attach(`SBOM (${sbom.platform})`, sbomReferrer(subject, sbom));
    } catch (error) {
      if ((error as { semanticRelease?: boolean }).semanticRelease) throw error;
      throw getError("EDOCKERREFERRER", {
        image: `${image.name}@${subject.digest}`,
        detail: networkDetail(error),
      });
    }
  }
}
