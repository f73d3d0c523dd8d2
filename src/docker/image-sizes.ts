import { throwAll } from "../errors/get-error.js";
import { readManifest, writeManifest, type ImageRecord } from "../manifest/dist-manifest.js";
import type { OciLayout } from "../oci/layout.js";
import { isIndexType, type Descriptor, type ImageConfig, type ImageManifest } from "../oci/media-types.js";
import { sizeGate } from "../sizes/size-gate.js";
import type { Context } from "../types.js";
import type { ResolvedDocker } from "./config.js";
import { renderTags, templatesFor } from "./tags.js";

const json = async <T>(layout: OciLayout, digest: string): Promise<T> =>
  JSON.parse((await layout.readBlob(digest)).toString("utf8")) as T;

const platformName = (p: { os: string; architecture: string; variant?: string }) =>
  `${p.os}/${p.architecture}${p.variant ? `/${p.variant}` : ""}`;

/** Per platform of the image (`linux/amd64`), the sum of its compressed layers; attestations are left out. */
export async function imagePlatformSizes(
  layout: OciLayout,
  top: Descriptor,
): Promise<ImageRecord["platforms"]> {
  const one = async (d: Descriptor) => {
    const m = await json<ImageManifest>(layout, d.digest);
    const size = m.layers.reduce((sum, l) => sum + l.size, 0);
    const platform = d.platform ?? (await json<ImageConfig>(layout, m.config.digest));
    return { platform: platformName(platform), size };
  };
  if (!isIndexType(top.mediaType)) return [await one(top)];
  const index = await json<{ manifests: Descriptor[] }>(layout, top.digest);
  const images = index.manifests.filter(
    (d) => d.platform?.os !== "unknown" && !d.annotations?.["vnd.docker.reference.type"],
  );
  return Promise.all(images.map(one));
}

/**
 * Records the built image in `{distDir}/manifest.json` (names, tags, digest, size per platform) for the notes and
 * the job summary, then checks each platform against the binaries plugin's `maxSize.image` recorded there:
 * `EMAXSIZE` before the tag. Without a manifest of this version (buildx without binaries) nothing is recorded.
 */
export async function recordImage(r: ResolvedDocker, context: Context, layout: OciLayout, top: Descriptor) {
  const release = context.nextRelease;
  const manifest = await readManifest(r.distDir);
  if (!release || !manifest || manifest.version !== release.version) return;
  const platforms = await imagePlatformSizes(layout, top);
  const { tags } = renderTags(templatesFor(r.config, release.channel), release);
  const images = r.images.map((i) => ({ name: i.name, tags, digest: top.digest, platforms }));
  const updated = { ...manifest, images };
  await writeManifest(r.distDir, updated);
  for (const p of platforms)
    context.logger.log("Image %s: %d bytes of compressed layers", p.platform, p.size);
  const image = manifest.sizeLimits?.maxSize?.image;
  if (image === undefined) return;
  throwAll(sizeGate({ ...updated, artifacts: [] }, undefined, { maxSize: { image } }).errors);
}
