import { DOCKER_PLUGIN, pluginName } from "../plugins.js";
import { join, resolve } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { loadConfig } from "../config/index.js";
import { dockerOptions } from "../config/options/docker.js";
import type { ConfigOf } from "../config/define.js";
import { getError } from "../errors/get-error.js";
import type { SemanticReleaseError } from "../errors/semantic-release-error.js";
import { isLocalRegistry, parseImageName, type ImageName } from "../oci/registry/image-name.js";
import type { Context, PluginConfig } from "../types.js";

export type DockerConfig = ConfigOf<typeof dockerOptions>;

/** An image to push, with how to reach its registry. */
export interface TargetImage extends ImageName {
  /** The name as configured (`ghcr.io/owner/app`). */
  name: string;
  insecure: boolean;
}

/** One image of the same binaries: the main one (suffix `""`) or an entry of `variants`. */
export interface ImageVariant {
  /** Added to every tag (`-alpine`); `""` for the main image. */
  suffix: string;
  baseImage: string;
  user: string;
}

/** The name of a variant's index in the OCI layout: `1.2.3`, `1.2.3-alpine`. */
export const layoutRef = (version: string, suffix: string): string => `${version}${suffix}`;

export interface ResolvedDocker {
  config: DockerConfig;
  images: TargetImage[];
  /** The main image first, then every entry of `variants`. */
  variants: ImageVariant[];
  cwd: string;
  distDir: string;
  /**
   * `{distDir}/oci`: the OCI layout prepare writes and publish pushes (one index per variant). With several
   * docker entries in `plugins`, the second writes `{distDir}/oci-2`, the third `oci-3`, and so on.
   */
  layoutDir: string;
  errors: SemanticReleaseError[];
}

/** Reads the plugin's options, checking the image names. */
export function loadDockerConfig(pluginConfig: PluginConfig, context: Context): ResolvedDocker {
  const { config, errors } = loadConfig(DOCKER_PLUGIN, dockerOptions, pluginConfig);
  const cwd = context.cwd ?? ".";
  const distDir = resolve(cwd, config.distDir);
  const images: TargetImage[] = [];
  if (!config.images?.length) errors.push(getError("ENODOCKERIMAGES", {}));
  for (const name of config.images ?? []) {
    const parsed = parseImageName(name);
    if (!parsed) errors.push(getError("EDOCKERIMAGENAME", { name }));
    else {
      const insecure =
        isLocalRegistry(parsed.registry) || config.insecureRegistries.includes(parsed.registry);
      images.push({ ...parsed, name, insecure });
    }
  }
  const variants: ImageVariant[] = [
    { suffix: "", baseImage: config.baseImage, user: config.user },
    ...(config.variants ?? []).map((v) => ({
      suffix: v.suffix,
      baseImage: v.baseImage ?? config.baseImage,
      user: v.user ?? config.user,
    })),
  ];
  const entry = dockerEntryIndex(pluginConfig, context);
  const layoutDir = join(distDir, entry === 0 ? "oci" : `oci-${entry + 1}`);
  return { config, images, variants, cwd, distDir, layoutDir, errors };
}

/**
 * Which docker entry of `options.plugins` a plugin config comes from (0 when there is one): the entry whose every
 * own option the config holds, the one with the most options when several do (semantic-release merges the global
 * options into each entry's, so an entry's options are a subset of its config).
 */
function dockerEntryIndex(pluginConfig: PluginConfig, context: Context): number {
  const entries = (context.options?.plugins ?? [])
    .filter((p) => pluginName(p) === DOCKER_PLUGIN)
    .map((p) => (Array.isArray(p) ? ((p[1] as Record<string, unknown> | undefined) ?? {}) : {}));
  let best = 0;
  let most = -1;
  for (const [i, own] of entries.entries()) {
    const keys = Object.keys(own);
    if (keys.length > most && keys.every((k) => isDeepStrictEqual(own[k], pluginConfig[k]))) {
      best = i;
      most = keys.length;
    }
  }
  return best;
}

export const registryBase = (image: { apiHost: string; insecure: boolean }): string =>
  `${image.insecure ? "http" : "https"}://${image.apiHost}`;
