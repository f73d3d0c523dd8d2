import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { HttpClient } from "../http/client.js";
import { getError } from "../errors/get-error.js";
import { assembleImage, assembleIndex } from "../oci/image.js";
import { OciLayout } from "../oci/layout.js";
import { platformString } from "../oci/platform.js";
import { RegistryClient } from "../oci/registry/client.js";
import { isLocalRegistry, parseImageName } from "../oci/registry/image-name.js";
import { pullBase, type PulledBase } from "../oci/registry/pull.js";
import type { Descriptor, Platform } from "../oci/media-types.js";
import type { Logger } from "../types.js";
import { layoutRef, type DockerConfig, type ImageVariant } from "./config.js";
import { credentialsFor } from "./credentials.js";
import type { PlatformImagePlan } from "./oci-plan.js";

interface OciBuildInput {
  images: PlatformImagePlan[];
  config: DockerConfig;
  /** The main image and every entry of `variants`: one index each, in one layout. */
  variants: ImageVariant[];
  distDir: string;
  layoutDir: string;
  labels: Record<string, string>;
  version: string;
  env: NodeJS.ProcessEnv;
  logger: Logger;
}

/**
 * Assembles every variant's platform images and index into the OCI layout, named `{version}{suffix}`. The variants
 * share the binaries' layer (one blob). Pushes nothing. Returns the main image's index.
 */
export async function buildOciImages(input: OciBuildInput): Promise<Descriptor> {
  const layout = new OciLayout(input.layoutDir);
  await layout.reset();
  const binaries = new Map<string, { name: string; data: Buffer }[]>();
  for (const plan of input.images) {
    const files = plan.binaries.map(async (b) => ({
      name: b.name,
      data: await readFile(join(input.distDir, b.path)),
    }));
    binaries.set(plan.target, await Promise.all(files));
  }
  const refs: { name: string; descriptor: Descriptor }[] = [];
  for (const variant of input.variants) {
    const index = await buildVariant(input, layout, variant, binaries);
    refs.push({ name: layoutRef(input.version, variant.suffix), descriptor: index });
  }
  await layout.writeIndex(refs);
  return refs[0]!.descriptor;
}

/** One variant's platform images and its index, written to the layout's blobs. */
async function buildVariant(
  input: OciBuildInput,
  layout: OciLayout,
  variant: ImageVariant,
  binaries: Map<string, { name: string; data: Buffer }[]>,
): Promise<Descriptor> {
  const manifests: Descriptor[] = [];
  const what = variant.suffix ? ` ${variant.suffix} variant's` : "";
  for (const plan of input.images) {
    const base = await pullBaseFor(input, variant.baseImage, plan.platform);
    for (const blob of base?.blobs ?? []) await layout.putBlob(blob);
    const image = assembleImage({
      platform: plan.platform,
      binaries: binaries.get(plan.target) ?? [],
      entrypoint: plan.entrypoint,
      binDir: input.config.binDir,
      user: variant.user,
      created: input.labels["org.opencontainers.image.created"] ?? new Date(0).toISOString(),
      labels: input.labels,
      ...(base ? { base: { config: base.config, layers: base.layers } } : {}),
    });
    for (const blob of [image.layer, image.config, image.manifest]) await layout.putBlob(blob);
    manifests.push(image.manifest.descriptor);
    input.logger.log(
      "Assembled the%s %s image %s",
      what,
      platformString(plan.platform),
      image.manifest.descriptor.digest,
    );
  }
  const index = assembleIndex(manifests, input.labels);
  await layout.putBlob(index);
  input.logger.log("Wrote the%s image index %s to %s", what, index.descriptor.digest, input.layoutDir);
  return index.descriptor;
}

async function pullBaseFor(
  input: OciBuildInput,
  ref: string,
  platform: Platform,
): Promise<PulledBase | undefined> {
  if (ref === "scratch") return undefined;
  const m = /^(.+?)(?:@(sha256:[0-9a-f]{64})|:([\w][\w.-]{0,127}))?$/.exec(ref);
  const name = m?.[1] ? parseImageName(m[1]) : undefined;
  const fail = (detail: string) =>
    getError("EDOCKERBASEIMAGE", { image: ref, platform: platformString(platform), detail });
  if (!m || !name) throw fail("not a valid image reference");
  const insecure = isLocalRegistry(name.registry) || input.config.insecureRegistries.includes(name.registry);
  const { credentials } = credentialsFor(name.registry, input.config, input.env);
  const client = new RegistryClient({
    apiHost: name.apiHost,
    insecure,
    http: new HttpClient({ env: input.env }),
    ...(credentials ? { credentials } : {}),
  });
  let base: PulledBase | undefined;
  try {
    base = await pullBase(client, name.repository, m[2] ?? m[3] ?? "latest", platform);
  } catch (error) {
    throw fail((error as Error).message);
  }
  if (!base) throw fail("the image or its manifest for this platform does not exist");
  input.logger.log("Pulled the base image %s for %s", ref, platformString(platform));
  return base;
}
