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
import type { DockerConfig } from "./config.js";
import { credentialsFor } from "./credentials.js";
import type { PlatformImagePlan } from "./oci-plan.js";

interface OciBuildInput {
  images: PlatformImagePlan[];
  config: DockerConfig;
  distDir: string;
  layoutDir: string;
  labels: Record<string, string>;
  version: string;
  env: NodeJS.ProcessEnv;
  logger: Logger;
}

/** Assembles every platform's image and the index into the OCI layout. Pushes nothing. Returns the index. */
export async function buildOciImages(input: OciBuildInput): Promise<Descriptor> {
  const layout = new OciLayout(input.layoutDir);
  await layout.reset();
  const manifests: Descriptor[] = [];
  for (const plan of input.images) {
    const base = await pullBaseFor(input, plan.platform);
    for (const blob of base?.blobs ?? []) await layout.putBlob(blob);
    const binaries = await Promise.all(
      plan.binaries.map(async (b) => ({ name: b.name, data: await readFile(join(input.distDir, b.path)) })),
    );
    const image = assembleImage({
      platform: plan.platform,
      binaries,
      entrypoint: plan.entrypoint,
      binDir: input.config.binDir,
      user: input.config.user,
      created: input.labels["org.opencontainers.image.created"] ?? new Date(0).toISOString(),
      labels: input.labels,
      ...(base ? { base: { config: base.config, layers: base.layers } } : {}),
    });
    for (const blob of [image.layer, image.config, image.manifest]) await layout.putBlob(blob);
    manifests.push(image.manifest.descriptor);
    input.logger.log(
      "Assembled the %s image %s",
      platformString(plan.platform),
      image.manifest.descriptor.digest,
    );
  }
  const index = assembleIndex(manifests, input.labels);
  await layout.putBlob(index);
  await layout.writeIndex([{ name: input.version, descriptor: index.descriptor }]);
  input.logger.log("Wrote the image index %s to %s", index.descriptor.digest, input.layoutDir);
  return index.descriptor;
}

async function pullBaseFor(input: OciBuildInput, platform: Platform): Promise<PulledBase | undefined> {
  const ref = input.config.baseImage;
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
