import { createRequire } from "node:module";
import { relative } from "node:path";
import { pathToFileURL } from "node:url";
import { cosmiconfig } from "cosmiconfig";
import { getError } from "../errors/get-error.js";
import { DEFAULT_TAG_FORMAT, isBundlePlugin } from "../plugins.js";

/**
 * Where semantic-release looks for its configuration, in this order (cosmiconfig's places for the module name
 * `release`, as semantic-release searches them).
 */
export const RELEASE_CONFIG_FILES = [
  "package.json#release",
  ".releaserc (JSON or YAML)",
  ".releaserc.{json,yaml,yml,js,ts,cjs,mjs}",
  ".config/releaserc[.{json,yaml,yml,js,ts,cjs,mjs}]",
  "release.config.{js,ts,cjs,mjs}",
] as const;

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
  /** The file it came from, relative to the repository (`.releaserc.yml`, `release.config.js`, `package.json`). */
  file: string;
  /** Every option but `plugins` and `extends` (branches, repositoryUrl, tagFormat, ...), shareable configs merged in. */
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

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** A shareable config named in `extends`, resolved from the repository as semantic-release does. */
async function loadShareable(cwd: string, file: string, name: string): Promise<Record<string, unknown>> {
  try {
    const path = createRequire(`${cwd}/noop.js`).resolve(name);
    const mod = (await import(pathToFileURL(path).href)) as { default?: unknown };
    const config = mod.default ?? mod;
    if (!isObject(config)) throw new Error("it exports no object");
    return config;
  } catch (error) {
    throw getError("ERELEASECONFIG", {
      file,
      reason: `the shareable config \`${name}\` in \`extends\` cannot be loaded: ${(error as Error).message}`,
    });
  }
}

/** The options with every config of `extends` merged under them, in the listed order (later ones win). */
async function withExtends(cwd: string, file: string, config: Record<string, unknown>) {
  const { extends: extendsOption, ...own } = config;
  if (extendsOption === undefined || extendsOption === null) return own;
  const names = Array.isArray(extendsOption) ? extendsOption : [extendsOption];
  let merged: Record<string, unknown> = {};
  for (const name of names) {
    if (typeof name !== "string")
      throw getError("ERELEASECONFIG", { file, reason: "`extends` must be a module name or a list of them" });
    merged = { ...merged, ...(await loadShareable(cwd, file, name)) };
  }
  // Like semantic-release: options set to null or undefined do not hide the shareable config's.
  const defined = Object.entries(own).filter(([, v]) => v !== undefined && v !== null);
  return { ...merged, ...Object.fromEntries(defined) };
}

/** The configuration file semantic-release would read in `cwd` and what it holds; `undefined` when none. */
async function searchConfig(cwd: string): Promise<{ file: string; config: unknown } | undefined> {
  try {
    const found = await cosmiconfig("release", { cache: false }).search(cwd);
    return found
      ? { file: relative(cwd, found.filepath) || found.filepath, config: found.config }
      : undefined;
  } catch (error) {
    const path = (error as { filepath?: unknown }).filepath;
    const file = typeof path === "string" ? relative(cwd, path) || path : "the release configuration";
    throw getError("ERELEASECONFIG", { file, reason: (error as Error).message.split("\n")[0] ?? "" });
  }
}

/**
 * Reads the repository's semantic-release configuration the way semantic-release does (cosmiconfig, module name
 * `release`: `package.json#release`, `.releaserc` in JSON or YAML, `.releaserc.{json,yaml,yml,js,cjs,mjs}`,
 * `release.config.{js,cjs,mjs}`), with its `extends` shareable configs merged in. `undefined` when there is none.
 * Throws `ERELEASECONFIG` on a file that cannot be read or parsed.
 */
export async function readReleaseConfig(cwd: string): Promise<ReleaseConfig | undefined> {
  const found = await searchConfig(cwd);
  if (!found) return undefined;
  const { file } = found;
  if (!isObject(found.config))
    throw getError("ERELEASECONFIG", { file, reason: "it does not hold an object of options" });
  const { plugins, ...globals } = await withExtends(cwd, file, found.config);
  const entries = (Array.isArray(plugins) ? plugins : []).flatMap((e) => listedPlugin(e, globals) ?? []);
  return { file, globals, plugins: entries };
}

/** The entry of one plugin, or `undefined` when it is not listed. */
export const listed = (config: ReleaseConfig, name: string): ListedPlugin | undefined =>
  config.plugins.find((p) => p.name === name);

/** The plugins of this bundle, in the listed order. */
export const bundlePlugins = (config: ReleaseConfig): ListedPlugin[] =>
  config.plugins.filter((p) => isBundlePlugin(p.name));

/**
 * The options a plugin gets from the repository's semantic-release configuration (any format semantic-release
 * reads): the global options merged with the plugin's own, as semantic-release does. `undefined` when no
 * configuration lists the plugin. Throws `ERELEASECONFIG` on a configuration that cannot be read.
 */
export async function pluginConfigFromRepo(
  cwd: string,
  plugin: string,
): Promise<Record<string, unknown> | undefined> {
  const config = await readReleaseConfig(cwd);
  return config && listed(config, plugin)?.pluginConfig;
}

/** The `tagFormat` of a release configuration, semantic-release's default when it sets none. */
export const tagFormatOf = (config: Pick<ReleaseConfig, "globals"> | undefined): string =>
  typeof config?.globals.tagFormat === "string" ? config.globals.tagFormat : DEFAULT_TAG_FORMAT;
