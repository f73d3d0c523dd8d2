import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { getError } from "../errors/get-error.js";
import { isBundlePlugin } from "../plugins.js";

/** Where semantic-release configuration is looked for, in this order (JSON files only). */
export const RELEASE_CONFIG_FILES = [".releaserc.json", ".releaserc", "package.json"] as const;

/** One entry of `plugins`: its own options, and those merged over the global ones, as semantic-release does. */
export interface ListedPlugin {
  name: string;
  /** The plugin's own options (`{}` when listed by name only). */
  options: Record<string, unknown>;
  /** The entry as semantic-release reads it: the name alone, or `[name, options]`. */
  entry: string | [string, Record<string, unknown>];
  /** The global options merged with the plugin's own: what the plugin gets as `pluginConfig`. */
  pluginConfig: Record<string, unknown>;
}

/** A repository's semantic-release configuration: the global options and every plugin entry, in order. */
export interface ReleaseConfig {
  /** The file it came from (`.releaserc.json`, `.releaserc` or `package.json`). */
  file: string;
  /** Every option but `plugins` (branches, repositoryUrl, tagFormat, ...). */
  globals: Record<string, unknown>;
  /** The plugins as listed, in the listed order. */
  plugins: ListedPlugin[];
}

/** One `plugins` entry as written (`"name"` or `["name", options]`); `undefined` for anything else. */
function listedPlugin(entry: unknown, globals: Record<string, unknown>): ListedPlugin | undefined {
  const [name, raw] = typeof entry === "string" ? [entry, undefined] : Array.isArray(entry) ? entry : [];
  if (typeof name !== "string") return undefined;
  const options = typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>) : {};
  return {
    name,
    options,
    entry: Object.keys(options).length > 0 ? [name, options] : name,
    pluginConfig: { ...globals, ...options },
  };
}

/**
 * Reads the first JSON release configuration of `cwd` (`.releaserc.json`, `.releaserc`, `package.json#release`).
 * `undefined` when there is none. Throws `ERELEASECONFIG` on unreadable JSON.
 */
export async function readReleaseConfig(cwd: string): Promise<ReleaseConfig | undefined> {
  for (const file of RELEASE_CONFIG_FILES) {
    const text = await readFile(join(cwd, file), "utf8").catch(() => undefined);
    if (text === undefined) continue;
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw getError("ERELEASECONFIG", { file, reason: (error as Error).message });
    }
    const config = file === "package.json" ? (data as { release?: unknown }).release : data;
    if (typeof config !== "object" || config === null) continue;
    const { plugins, ...globals } = config as { plugins?: unknown };
    const entries = (Array.isArray(plugins) ? plugins : []).flatMap((e) => listedPlugin(e, globals) ?? []);
    return { file, globals, plugins: entries };
  }
  return undefined;
}

/** The entry of one plugin, or `undefined` when it is not listed. */
export const listed = (config: ReleaseConfig, name: string): ListedPlugin | undefined =>
  config.plugins.find((p) => p.name === name);

/** The plugins of this bundle, in the listed order. */
export const bundlePlugins = (config: ReleaseConfig): ListedPlugin[] =>
  config.plugins.filter((p) => isBundlePlugin(p.name));

/**
 * The options a plugin gets from the repository's semantic-release configuration (`.releaserc.json`,
 * `.releaserc` in JSON, or `package.json#release`): the global options merged with the plugin's own, as
 * semantic-release does. `undefined` when no configuration lists the plugin. Throws `ERELEASECONFIG` on unreadable JSON.
 */
export async function pluginConfigFromRepo(
  cwd: string,
  plugin: string,
): Promise<Record<string, unknown> | undefined> {
  const config = await readReleaseConfig(cwd);
  return config && listed(config, plugin)?.pluginConfig;
}
