import type { Context, PluginConfig } from "../types.js";
import { addChannelGithub } from "./add-channel.js";
import { publishGithub } from "./publish.js";
import { verifyGithub } from "./verify.js";

/** `semantic-release-rust/github`: release assets streamed from disk, verified by digest, safe to re-run. */
export async function verifyConditions(pluginConfig: PluginConfig, context: Context): Promise<void> {
  await verifyGithub(pluginConfig, context);
}

export async function publish(pluginConfig: PluginConfig, context: Context) {
  return publishGithub(pluginConfig, context);
}

export async function addChannel(pluginConfig: PluginConfig, context: Context) {
  return addChannelGithub(pluginConfig, context);
}
