import type { RegistryClient } from "./client.js";
import { isIndexType, type Descriptor, type ImageIndex, type ImageManifest } from "../media-types.js";
import { settleAll } from "../../util/settle-all.js";

/** Reads blobs by digest (an OCI layout). */
export interface BlobSource {
  readBlob(digest: string): Promise<Buffer>;
}

export interface PushStats {
  blobsSent: number;
  blobsSkipped: number;
  /** Blobs linked from another repository of the same registry (no byte sent). */
  blobsMounted?: number;
  manifestsSent: number;
}

/**
 * Pushes an image or index and everything it references to `repository`, by digest: blobs the registry
 * already has are not sent again (HEAD first), manifests already there are not re-put. Children go in parallel.
 * `mountFrom`: a repository of the same registry that already holds the blobs (pushed just before), mounted
 * instead of sent.
 */
export async function pushByDigest(
  client: RegistryClient,
  repository: string,
  top: Descriptor,
  source: BlobSource,
  stats: PushStats = { blobsSent: 0, blobsSkipped: 0, manifestsSent: 0 },
  mountFrom?: string,
): Promise<PushStats> {
  const data = await source.readBlob(top.digest);
  if ((await client.headManifest(repository, top.digest)) === top.digest) return stats;
  if (isIndexType(top.mediaType)) {
    const index = JSON.parse(data.toString("utf8")) as ImageIndex;
    await settleAll(
      index.manifests.map((m) => pushByDigest(client, repository, m, source, stats, mountFrom)),
    );
  } else {
    const manifest = JSON.parse(data.toString("utf8")) as ImageManifest;
    await settleAll(
      [manifest.config, ...manifest.layers].map(async (blob) => {
        if (await client.hasBlob(repository, blob.digest)) stats.blobsSkipped++;
        else if (
          await client.pushBlob(repository, blob.digest, await source.readBlob(blob.digest), mountFrom)
        )
          stats.blobsMounted = (stats.blobsMounted ?? 0) + 1;
        else stats.blobsSent++;
      }),
    );
  }
  await client.putManifest(repository, top.digest, top.mediaType, data);
  stats.manifestsSent++;
  return stats;
}

export type TagResult = "created" | "moved" | "unchanged";

/** Points `tag` at the manifest `digest` (already in the repository); a tag already there is left alone. */
export async function tagManifest(
  client: RegistryClient,
  repository: string,
  tag: string,
  top: Descriptor,
  data: Buffer,
): Promise<TagResult> {
  const current = await client.headManifest(repository, tag);
  if (current === top.digest) return "unchanged";
  await client.putManifest(repository, tag, top.mediaType, data);
  return current ? "moved" : "created";
}
