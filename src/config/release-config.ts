import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { getError } from "../errors/get-error.js";

/** Where semantic-release configuration is looked for, in this order (JSON files only). */
export const RELEASE_CONFIG_FILES = [".releaserc.json", ".releaserc", "package.json"] as const;

/** A repository's semantic-release configuration: the global options and every plugin entry, in order. */
export interface ReleaseConfig {
  /** The file it came from (`.releaserc.json`, `.releaserc` or `package.json`). */
  file: string;
  /** Every option but `plugins` (branches, repositoryUrl, tagFormat, ...). */
  globals: Record<string, unknown>;
  /** The plugins as listed, each with its own options (`{}` when listed by name only). */
  plugins: { name: string; options: Record<string, unknown> }[];
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
    const entries: ReleaseConfig["plugins"] = [];
    for (const entry of Array.isArray(plugins) ? plugins : []) {
      if (typeof entry === "string") entries.push({ name: entry, options: {} });
      else if (Array.isArray(entry) && typeof entry[0] === "string") {
        const options = entry[1];
        entries.push({
          name: entry[0],
          options:
            typeof options === "object" && options !== null ? (options as Record<string, unknown>) : {},
        });
      }
    }
    return { file, globals, plugins: entries };
  }
  return undefined;
}

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
  const entry = config?.plugins.find((p) => p.name === plugin);
  return config && entry ? { ...config.globals, ...entry.options } : undefined;
}
