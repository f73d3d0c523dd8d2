import type { Context, PluginConfig } from "./types.js";

/** The package name, and the `semantic-release-rust` plugin (Cargo versions) listed under it. */
export const CARGO_PLUGIN = "semantic-release-rust";
export const BINARIES_PLUGIN = "semantic-release-rust/binaries";
export const CRATES_PLUGIN = "semantic-release-rust/crates";
export const DOCKER_PLUGIN = "semantic-release-rust/docker";
export const GITHUB_PLUGIN = "semantic-release-rust/github";
export const INSTALLERS_PLUGIN = "semantic-release-rust/installers";

/** True for a plugin of this bundle (`semantic-release-rust` or `semantic-release-rust/...`). */
export const isBundlePlugin = (name: string): boolean =>
  name === CARGO_PLUGIN || name.startsWith(`${CARGO_PLUGIN}/`);

/** The official GitHub plugin, whose place in `plugins` decides who creates the release. */
export const UPSTREAM_GITHUB = "@semantic-release/github";

/** The package name of an entry of `options.plugins` (`"name"` or `["name", options]`). */
export const pluginName = (entry: unknown): unknown => (Array.isArray(entry) ? entry[0] : entry);

/** Where a plugin sits in `options.plugins`, by package name; -1 when absent. */
export function pluginIndex(context: Context, name: string): number {
  const plugins = context.options?.plugins ?? [];
  return plugins.findIndex((p) => pluginName(p) === name);
}

/** The options `plugin`'s first entry in `options.plugins` lists (a copy; `{}` for a bare name), if listed. */
export function listedOptions(context: Context, plugin: string): PluginConfig | undefined {
  for (const p of context.options?.plugins ?? []) {
    const [name, options] = Array.isArray(p) ? p : [p, {}];
    if (name === plugin) return { ...(options as PluginConfig) };
  }
  return undefined;
}

/** semantic-release's default `tagFormat`. */
export const DEFAULT_TAG_FORMAT = "v${version}";
