import { blobOf, digestHex, type Blob } from "./digest.js";
import { MediaType, type Descriptor, type ImageIndex } from "./media-types.js";
import type { RegistryClient } from "./registry/client.js";
import { stableJson } from "./stable-json.js";

/** The empty config of an artifact manifest that needs none (OCI image spec 1.1, "empty descriptor"). */
export const EMPTY_CONFIG = blobOf("application/vnd.oci.empty.v1+json", "{}");

/** A descriptor in a referrers list: the referrer manifest with its `artifactType` and annotations. */
export interface ReferrerDescriptor extends Descriptor {
  artifactType?: string;
}

/** The referrers of a manifest and where they were listed from. */
export interface ReferrerList {
  /** `api`: `GET /v2/<name>/referrers/<digest>`; `tag`: the fallback `sha256-<hex>` tag's index. */
  via: "api" | "tag";
  manifests: ReferrerDescriptor[];
}

/** An artifact to attach: its manifest (with `subject`) and the blobs it names. */
export interface Referrer {
  manifest: Blob & { descriptor: ReferrerDescriptor };
  blobs: Blob[];
}

/** The referrers tag schema's tag of a digest: `sha256:abc…` → `sha256-abc…`. */
export const referrersTag = (digest: string): string => `sha256-${digestHex(digest)}`;

/**
 * An artifact manifest (`artifactType`, empty config, `layers`, `subject`) as stable JSON: the same inputs give
 * the same bytes, so a re-run pushes the same digest.
 */
export function artifactManifest(o: {
  artifactType: string;
  subject: Descriptor;
  layers: Blob[];
  annotations?: Record<string, string>;
}): Referrer {
  const subject = { mediaType: o.subject.mediaType, digest: o.subject.digest, size: o.subject.size };
  const data = stableJson({
    schemaVersion: 2,
    mediaType: MediaType.manifest,
    artifactType: o.artifactType,
    config: EMPTY_CONFIG.descriptor,
    layers: o.layers.map((l) => l.descriptor),
    subject,
    annotations: o.annotations,
  });
  const extra = { artifactType: o.artifactType, ...(o.annotations ? { annotations: o.annotations } : {}) };
  return { manifest: blobOf(MediaType.manifest, data, extra), blobs: [EMPTY_CONFIG, ...o.layers] };
}

/**
 * The referrers of `digest`: the registry's referrers API when it answers with an index, else the fallback tag's
 * index (none when the tag does not exist). `artifactType` filters the list.
 */
export async function listReferrers(
  client: RegistryClient,
  repository: string,
  digest: string,
  artifactType?: string,
): Promise<ReferrerList> {
  const res = await client.request("GET", `/v2/${repository}/referrers/${digest}`, {
    repository,
    headers: { accept: MediaType.index },
  });
  const type = (res.header("content-type") ?? "").split(";")[0];
  let list: ReferrerList;
  if (res.status === 200 && type === MediaType.index) {
    list = { via: "api", manifests: (res.data<ImageIndex>()?.manifests ?? []) as ReferrerDescriptor[] };
  } else {
    const got = await client.getManifest(repository, referrersTag(digest));
    const index = got ? (JSON.parse(got.data.toString("utf8")) as ImageIndex) : undefined;
    list = { via: "tag", manifests: (index?.manifests ?? []) as ReferrerDescriptor[] };
  }
  if (artifactType) list.manifests = list.manifests.filter((m) => m.artifactType === artifactType);
  return list;
}

export type AttachResult = "attached" | "already attached";

/**
 * Pushes a referrer: its blobs (those the registry lacks), then its manifest by digest. A registry with the
 * referrers API answers the PUT with `OCI-Subject`; without it, the referrer is added to the `sha256-<hex>` tag's
 * index of the subject (read-modify-write). A referrer already listed is not pushed again.
 */
export async function attachReferrer(
  client: RegistryClient,
  repository: string,
  subject: string,
  referrer: Referrer,
): Promise<AttachResult> {
  const { descriptor, data } = referrer.manifest;
  const listed = await listReferrers(client, repository, subject);
  if (listed.manifests.some((m) => m.digest === descriptor.digest)) return "already attached";
  for (const blob of referrer.blobs)
    if (!(await client.hasBlob(repository, blob.descriptor.digest)))
      await client.pushBlob(repository, blob.descriptor.digest, blob.data);
  const put = await client.request("PUT", `/v2/${repository}/manifests/${descriptor.digest}`, {
    repository,
    actions: ["pull", "push"],
    headers: { "content-type": descriptor.mediaType },
    body: data,
  });
  if (put.status !== 201)
    throw new Error(
      `PUT referrer ${descriptor.digest} failed with HTTP ${put.status} (${put.text().slice(0, 300)})`,
    );
  if (put.header("oci-subject") === subject) return "attached";
  await addToReferrersTag(client, repository, subject, descriptor);
  return "attached";
}

/** Adds `descriptor` to the fallback tag's index of `subject` (creating it), unless it is listed already. */
async function addToReferrersTag(
  client: RegistryClient,
  repository: string,
  subject: string,
  descriptor: ReferrerDescriptor,
): Promise<void> {
  const tag = referrersTag(subject);
  const got = await client.getManifest(repository, tag);
  const index: ImageIndex = got
    ? (JSON.parse(got.data.toString("utf8")) as ImageIndex)
    : { schemaVersion: 2, mediaType: MediaType.index, manifests: [] };
  if (index.manifests.some((m) => m.digest === descriptor.digest)) return;
  const entry: ReferrerDescriptor = {
    mediaType: descriptor.mediaType,
    digest: descriptor.digest,
    size: descriptor.size,
    ...(descriptor.artifactType ? { artifactType: descriptor.artifactType } : {}),
    ...(descriptor.annotations ? { annotations: descriptor.annotations } : {}),
  };
  const next = { ...index, manifests: [...index.manifests, entry] };
  await client.putManifest(repository, tag, MediaType.index, Buffer.from(stableJson(next)));
}

/** CycloneDX JSON: the SBOM layer's media type and its referrer's `artifactType`. */
export const CYCLONEDX = "application/vnd.cyclonedx+json";

/**
 * The SBOM of one platform's binaries as a referrer of the index, its platform and target in the annotations. No
 * time in it: the same SBOM gives the same manifest digest on every run.
 */
export function sbomReferrer(
  subject: Descriptor,
  sbom: { platform: string; target: string; name: string; data: Buffer },
): Referrer {
  const layer = blobOf(CYCLONEDX, sbom.data, {
    annotations: { "org.opencontainers.image.title": sbom.name },
  });
  return artifactManifest({
    artifactType: CYCLONEDX,
    subject,
    layers: [layer],
    annotations: {
      "dev.semantic-release-rust.platform": sbom.platform,
      "dev.semantic-release-rust.target": sbom.target,
    },
  });
}
