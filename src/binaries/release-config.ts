import { readFile } from "node:fs/promises";
import { join } from "node:path";

/** Where semantic-release configuration is looked for, in this order (JSON files only). */
export const RELEASE_CONFIG_FILES = [".releaserc.json", ".releaserc", "package.json"] as const;

/**
 * The options a plugin gets from the repository's semantic-release configuration (`.releaserc.json`,
 * `.releaserc` in JSON, or `package.json#release`): the global options merged with the plugin's own, as
 * semantic-release does. `undefined` when no configuration lists the plugin. Throws on unreadable JSON.
 */
export async function pluginConfigFromRepo(
  cwd: string,
  plugin: string,
): Promise<Record<string, unknown> | undefined> {
  for (const name of RELEASE_CONFIG_FILES) {
    const text = await readFile(join(cwd, name), "utf8").catch(() => undefined);
    if (text === undefined) continue;
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      throw new Error(`${name} is not JSON (only JSON release configs are read here)`);
    }
    const config = name === "package.json" ? (data as { release?: unknown }).release : data;
    if (typeof config !== "object" || config === null) continue;
    const { plugins, ...globals } = config as { plugins?: unknown };
    for (const entry of Array.isArray(plugins) ? plugins : []) {
      if (entry === plugin) return globals;
      if (Array.isArray(entry) && entry[0] === plugin)
        return { ...globals, ...(entry[1] as Record<string, unknown>) };
    }
    return undefined;
  }
  return undefined;
}
