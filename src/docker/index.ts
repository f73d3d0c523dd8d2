import { throwAll } from "../errors/get-error.js";
import type { HttpDeps } from "../http/client.js";
import type { Context, PluginConfig } from "../types.js";
import { resolveDocker } from "./config.js";
import { prepareDocker } from "./prepare.js";
import { addChannelDocker, publishDocker } from "./publish.js";
import { verifyDocker } from "./verify.js";

/** Checks options, tag templates and every registry's credentials (auth handshake only, nothing pushed). */
export async function verifyConditions(
  pluginConfig: PluginConfig,
  context: Context,
  deps: HttpDeps = {},
): Promise<void> {
  throwAll(await verifyDocker(resolveDocker(pluginConfig, context), context, deps));
}

/** Logs the builder, platforms and every image reference `nextRelease` would push (runs in --dry-run). */
export { verifyRelease } from "./preview.js";

/** Builds the multi-arch image into `{distDir}/oci` (`oci` builder or `docker buildx`); pushes nothing. */
export async function prepare(pluginConfig: PluginConfig, context: Context): Promise<void> {
  await prepareDocker(pluginConfig, context);
}

/** Pushes the image to every registry and tags it for the release's channel. */
export const publish = (pluginConfig: PluginConfig, context: Context, deps: HttpDeps = {}) =>
  publishDocker(pluginConfig, context, deps);

/** Moves the channel's tags (and `latest` on the main channel) to a promoted release's image. */
export const addChannel = (pluginConfig: PluginConfig, context: Context, deps: HttpDeps = {}) =>
  addChannelDocker(pluginConfig, context, deps);
