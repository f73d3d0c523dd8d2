import type { Context, PluginConfig } from "../types.js";
import { addChannelGithub } from "./add-channel.js";
import { publishGithub } from "./publish.js";
import { successGithub } from "./success.js";
import { verifyGithub } from "./verify.js";

/** `semantic-release-rust/github`: release assets streamed from disk, verified by digest, safe to re-run. */
export async function verifyConditions(pluginConfig: PluginConfig, context: Context): Promise<void> {
  await verifyGithub(pluginConfig, context);
}

/** Logs the release `nextRelease` would get and its assets; sends no request (runs in --dry-run). */
export { verifyRelease } from "./preview.js";

/** Creates and fills the release, or returns `false` when @semantic-release/github (listed after) creates it. */
export async function publish(pluginConfig: PluginConfig, context: Context) {
  return publishGithub(pluginConfig, context);
}

export async function addChannel(pluginConfig: PluginConfig, context: Context) {
  return addChannelGithub(pluginConfig, context);
}

/** Uploads the assets publish deferred to the release @semantic-release/github created; otherwise does nothing. */
export async function success(pluginConfig: PluginConfig, context: Context): Promise<void> {
  await successGithub(pluginConfig, context);
}
