import { getError } from "../errors/get-error.js";
import type { Descriptor } from "../oci/media-types.js";
import { networkDetail } from "../oci/registry/check-auth.js";
import { RegistryClient } from "../oci/registry/client.js";
import { HttpClient, type HttpDeps } from "../http/client.js";
import {
  pushByDigest,
  tagManifest,
  type BlobSource,
  type PushStats,
  type TagResult,
} from "../oci/registry/push.js";
import type { Logger } from "../types.js";
import type { DockerConfig, TargetImage } from "./config.js";
import { credentialsFor } from "./credentials.js";
import { settleAll } from "../util/settle-all.js";

export interface PushedImage {
  image: string;
  digest: string;
  tags: { tag: string; result: TagResult }[];
  stats: PushStats;
}

/** A client for an image's registry with its credentials from the environment. */
export function clientFor(
  image: TargetImage,
  config: DockerConfig,
  env: NodeJS.ProcessEnv,
  deps: HttpDeps = {},
): RegistryClient {
  const { credentials } = credentialsFor(image.registry, config, env);
  return new RegistryClient({
    apiHost: image.apiHost,
    insecure: image.insecure,
    http: new HttpClient({ env, ...deps }),
    ...(credentials ? { credentials } : {}),
  });
}

/** What pushing and retagging share: the images, the tags to set, and how to reach the registries. */
interface RegistryRun {
  images: TargetImage[];
  tags: string[];
  config: DockerConfig;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  deps?: HttpDeps;
}

/**
 * Pushes the index and its images to every registry, then points the tags at it (idempotent). Registries go in
 * parallel; the images of one registry one after the other, so the later ones mount the blobs of the first
 * instead of sending them again.
 */
export async function pushImages(
  o: RegistryRun & { top: Descriptor; source: BlobSource },
): Promise<PushedImage[]> {
  const data = await o.source.readBlob(o.top.digest);
  const byRegistry = new Map<string, TargetImage[]>();
  for (const image of o.images)
    byRegistry.set(image.apiHost, [...(byRegistry.get(image.apiHost) ?? []), image]);
  const done = new Map<TargetImage, PushedImage>();
  await settleAll(
    [...byRegistry.values()].map(async (group) => {
      let mountFrom: string | undefined;
      for (const image of group) {
        done.set(image, await pushOne(image, mountFrom));
        mountFrom ??= image.repository;
      }
    }),
  );
  return o.images.map((image) => done.get(image) as PushedImage);

  async function pushOne(image: TargetImage, mountFrom: string | undefined): Promise<PushedImage> {
    const client = clientFor(image, o.config, o.env, o.deps);
    try {
      const stats = await pushByDigest(client, image.repository, o.top, o.source, undefined, mountFrom);
      o.logger.log(
        "Pushed %s@%s: %d blobs sent, %d mounted from %s, %d already there",
        image.name,
        o.top.digest,
        stats.blobsSent,
        stats.blobsMounted ?? 0,
        mountFrom ?? "no other repository",
        stats.blobsSkipped,
      );
      const tags = await settleAll(
        o.tags.map(async (tag) => ({
          tag,
          result: await tagManifest(client, image.repository, tag, o.top, data),
        })),
      );
      for (const t of tags)
        o.logger.log(
          "Tag %s:%s %s",
          image.name,
          t.tag,
          t.result === "unchanged" ? "already up to date" : t.result,
        );
      return { image: image.name, digest: o.top.digest, tags, stats };
    } catch (error) {
      if ((error as { semanticRelease?: boolean }).semanticRelease) throw error;
      throw getError("EDOCKERPUSH", { image: image.name, detail: networkDetail(error) });
    }
  }
}

/** Points more tags at the image already published under `fromTag` (addChannel). */
export async function retagImages(o: RegistryRun & { fromTag: string }): Promise<PushedImage[]> {
  const done: PushedImage[] = [];
  for (const image of o.images) {
    const client = clientFor(image, o.config, o.env, o.deps);
    try {
      const current = await client.getManifest(image.repository, o.fromTag);
      if (!current) throw getError("EDOCKERNOTFOUND", { image: `${image.name}:${o.fromTag}` });
      const top = { mediaType: current.mediaType, digest: current.digest, size: current.data.length };
      const tags: PushedImage["tags"] = [];
      for (const tag of o.tags.filter((t) => t !== o.fromTag)) {
        const result = await tagManifest(client, image.repository, tag, top, current.data);
        tags.push({ tag, result });
        o.logger.log("Tag %s:%s → %s (%s)", image.name, tag, o.fromTag, result);
      }
      done.push({
        image: image.name,
        digest: current.digest,
        tags,
        stats: { blobsSent: 0, blobsSkipped: 0, manifestsSent: 0 },
      });
    } catch (error) {
      if ((error as { semanticRelease?: boolean }).semanticRelease) throw error;
      throw getError("EDOCKERPUSH", { image: image.name, detail: networkDetail(error) });
    }
  }
  return done;
}
