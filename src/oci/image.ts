import { blobOf, sha256Digest, type Blob } from "./digest.js";
import { deterministicGzip } from "./gzip.js";
import { MediaType, type Descriptor, type ImageConfig, type Platform } from "./media-types.js";
import { stableJson } from "./stable-json.js";
import { deterministicTar } from "./tar.js";

/** Everything one platform's image is made of: plain data, so the same input gives the same digests. */
interface ImageSpec {
  platform: Platform;
  /** Executables copied into `binDir`. */
  binaries: { name: string; data: Buffer }[];
  /** The binary that becomes the entrypoint. */
  entrypoint: string;
  binDir: string;
  user: string;
  /** ISO time of the commit: `created` of the image and the mtime of every file. */
  created: string;
  labels: Record<string, string>;
  /** The base image's config and layers; absent for `scratch`. */
  base?: { config: ImageConfig; layers: Descriptor[] };
}

interface AssembledImage {
  manifest: Blob;
  config: Blob;
  layer: Blob;
}

/** Builds the layer with the binaries, the config and the manifest of one platform's image. */
export function assembleImage(spec: ImageSpec): AssembledImage {
  const epoch = Math.floor(Date.parse(spec.created) / 1000);
  const dir = spec.binDir.replace(/^\/+|\/+$/g, "");
  const tar = deterministicTar(
    spec.binaries.map((b) => ({
      path: `${dir}/${b.name}`,
      type: "file" as const,
      mode: 0o755,
      data: b.data,
    })),
    epoch,
  );
  const layer = blobOf(MediaType.layerGzip, deterministicGzip(tar));
  const baseConfig = spec.base?.config;
  const baseEnv = (baseConfig?.config?.Env ?? []).filter((e) => !e.startsWith("PATH="));
  const config: ImageConfig = {
    architecture: spec.platform.architecture,
    os: spec.platform.os,
    ...(spec.platform.variant ? { variant: spec.platform.variant } : {}),
    created: spec.created,
    config: {
      ...baseConfig?.config,
      User: spec.user,
      Entrypoint: [`/${dir}/${spec.entrypoint}`],
      Cmd: [],
      Env: [...baseEnv, `PATH=/${dir}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`],
      WorkingDir: baseConfig?.config?.WorkingDir || "/",
      Labels: { ...baseConfig?.config?.Labels, ...spec.labels },
    },
    rootfs: { type: "layers", diff_ids: [...(baseConfig?.rootfs.diff_ids ?? []), sha256Digest(tar)] },
    history: [
      ...(baseConfig?.history ?? []),
      {
        created: spec.created,
        created_by: `semantic-release-rust: COPY ${spec.binaries.map((b) => b.name).join(" ")}`,
      },
    ],
  };
  const configBlob = blobOf(MediaType.config, stableJson(config));
  const manifest = blobOf(
    MediaType.manifest,
    stableJson({
      schemaVersion: 2,
      mediaType: MediaType.manifest,
      config: configBlob.descriptor,
      layers: [...(spec.base?.layers ?? []), layer.descriptor],
      annotations: spec.labels,
    }),
    { platform: spec.platform },
  );
  return { manifest, config: configBlob, layer };
}

/** The image index over the platforms' manifests. */
export function assembleIndex(manifests: readonly Descriptor[], annotations: Record<string, string>): Blob {
  return blobOf(
    MediaType.index,
    stableJson({ schemaVersion: 2, mediaType: MediaType.index, manifests, annotations }),
  );
}
