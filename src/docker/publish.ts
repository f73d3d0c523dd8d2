import { getError, throwAll } from "../errors/get-error.js";
import { OciLayout } from "../oci/layout.js";
import type { HttpDeps } from "../http/client.js";
import type { Context, PluginConfig } from "../types.js";
import { loadDockerConfig } from "./config.js";
import { pushImages, retagImages, type PushedImage } from "./push-images.js";
import { renderTags, templatesFor } from "./tags.js";
import { timed } from "../summary/timings.js";

/** What publish and addChannel return to semantic-release. */
const releaseInfo = (pushed: PushedImage[], channel: string | null | undefined) => {
  const first = pushed[0];
  return first
    ? {
        name: `Container image ${first.image}`,
        url: `${first.image}@${first.digest}`,
        channel: channel ?? null,
        images: pushed,
      }
    : false;
};

/** The resolved config, the release and its channel's tags; undefined without a next release. */
function channelTags(pluginConfig: PluginConfig, context: Context) {
  const r = loadDockerConfig(pluginConfig, context);
  throwAll(r.errors);
  const release = context.nextRelease;
  if (!release) return undefined;
  const { tags, errors } = renderTags(templatesFor(r.config, release.channel), release);
  throwAll(errors);
  return { r, release, tags };
}

/** Pushes the images built by prepare to every registry and sets the channel's tags. */
export async function publish(pluginConfig: PluginConfig, context: Context, deps: HttpDeps = {}) {
  const planned = channelTags(pluginConfig, context);
  if (!planned) return false;
  const { r, release, tags } = planned;
  const layout = new OciLayout(r.layoutDir);
  const top = (await layout.resolve(release.version)) ?? (await layout.resolve());
  if (!top || !(await layout.hasBlob(top.digest))) throw getError("ENODOCKERLAYOUT", { path: r.layoutDir });
  const now = deps.now ? { now: deps.now } : {};
  const timing = { distDir: r.distDir, version: release.version, step: "push", label: "push images", ...now };
  const pushed = await timed(timing, () =>
    pushImages({
      images: r.images,
      top,
      source: layout,
      tags,
      config: r.config,
      env: context.env,
      logger: context.logger,
      deps,
    }),
  );
  return releaseInfo(pushed, release.channel);
}

/** Points the new channel's tags (and `latest` on the main channel) at the image of a promoted release. */
export async function addChannel(pluginConfig: PluginConfig, context: Context, deps: HttpDeps = {}) {
  const planned = channelTags(pluginConfig, context);
  if (!planned) return false;
  const { r, release, tags } = planned;
  const fromTag = renderTags(["{version}"], release).tags[0] ?? release.version;
  const done = await retagImages({
    images: r.images,
    fromTag,
    tags,
    config: r.config,
    env: context.env,
    logger: context.logger,
    deps,
  });
  return releaseInfo(done, release.channel);
}
