import { isBundlePlugin } from "../plugins.js";
import { readReleaseConfig as readRepoConfig, RELEASE_CONFIG_FILES } from "../config/release-config.js";
import { getError } from "../errors/get-error.js";

/** The package name every plugin of this bundle starts with. */

/** One entry of `plugins`: its name and its options merged over the global ones, as semantic-release does. */
export interface ListedPlugin {
  name: string;
  /** The entry as semantic-release reads it: the name alone, or `[name, options]`. */
  entry: string | [string, Record<string, unknown>];
  pluginConfig: Record<string, unknown>;
}

export interface ReleaseConfig {
  /** The file the configuration came from (`.releaserc.json`, `package.json`, ...). */
  file: string;
  /** Every option but `plugins` (`branches`, `tagFormat`, `repositoryUrl`, ...). */
  globals: Record<string, unknown>;
  /** Every listed plugin, in the listed order. */
  plugins: ListedPlugin[];
}

/**
 * The repository's JSON release configuration (see `src/config/release-config.ts`), with each plugin's config as
 * semantic-release builds it. `ERESUMECONFIG` when there is none or it is not JSON.
 */
export async function readReleaseConfig(cwd: string): Promise<ReleaseConfig> {
  let config: Awaited<ReturnType<typeof readRepoConfig>>;
  try {
    config = await readRepoConfig(cwd);
  } catch (error) {
    throw getError("ERESUMECONFIG", { reason: (error as Error).message });
  }
  if (!config) {
    throw getError("ERESUMECONFIG", {
      reason: `no release configuration in ${cwd} (looked for ${RELEASE_CONFIG_FILES.join(", ")})`,
    });
  }
  const { file, globals } = config;
  const plugins = config.plugins.map(({ name, options }): ListedPlugin => ({
    name,
    entry: Object.keys(options).length > 0 ? [name, options] : name,
    pluginConfig: { ...globals, ...options },
  }));
  return { file, globals, plugins };
}

/** The plugins of this bundle, in the listed order. */
export const bundlePlugins = (config: ReleaseConfig): ListedPlugin[] =>
  config.plugins.filter((p) => isBundlePlugin(p.name));

/** The entry of one plugin, or `undefined` when it is not listed. */
export const listed = (config: ReleaseConfig, name: string): ListedPlugin | undefined =>
  config.plugins.find((p) => p.name === name);
