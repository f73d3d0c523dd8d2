import { DOCKER_PLUGIN } from "../plugins.js";
import { join, resolve } from "node:path";
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

export interface ResolvedDocker {
  config: DockerConfig;
  images: TargetImage[];
  cwd: string;
  distDir: string;
  /** `{distDir}/oci`: the OCI layout prepare writes and publish pushes. */
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
  return { config, images, cwd, distDir, layoutDir: join(distDir, "oci"), errors };
}

export const registryBase = (image: { apiHost: string; insecure: boolean }): string =>
  `${image.insecure ? "http" : "https"}://${image.apiHost}`;
