import type { RegistryClient } from "./client.js";
import {
  isIndexType,
  type Descriptor,
  type ImageConfig,
  type ImageIndex,
  type ImageManifest,
  type Platform,
} from "../media-types.js";
import { samePlatform } from "../platform.js";
import type { Blob } from "../digest.js";

export interface PulledBase {
  config: ImageConfig;
  layers: Descriptor[];
  /** The layer blobs, to be stored in the layout and pushed with the image. */
  blobs: Blob[];
}

/** Pulls one platform of a base image (`reference` = tag or digest) from a registry. */
export async function pullBase(
  client: RegistryClient,
  repository: string,
  reference: string,
  platform: Platform,
): Promise<PulledBase | undefined> {
  let got = await client.getManifest(repository, reference);
  if (!got) return undefined;
  if (isIndexType(got.mediaType)) {
    const index = JSON.parse(got.data.toString("utf8")) as ImageIndex;
    const entry = index.manifests.find((m) => m.platform && samePlatform(m.platform, platform));
    if (!entry) return undefined;
    got = await client.getManifest(repository, entry.digest);
    if (!got) return undefined;
  }
  const manifest = JSON.parse(got.data.toString("utf8")) as ImageManifest;
  const config = JSON.parse(
    (await client.getBlob(repository, manifest.config.digest)).toString("utf8"),
  ) as ImageConfig;
  if (config.architecture !== platform.architecture || config.os !== platform.os) return undefined;
  const blobs: Blob[] = [];
  for (const layer of manifest.layers) {
    blobs.push({ descriptor: layer, data: await client.getBlob(repository, layer.digest) });
  }
  return { config, layers: manifest.layers, blobs };
}
