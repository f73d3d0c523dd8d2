import { getError, throwAll } from "../errors/get-error.js";
import { OciLayout } from "../oci/layout.js";
import type { HttpDeps } from "../http/client.js";
import type { Context, PluginConfig } from "../types.js";
import { layoutRef, loadDockerConfig } from "./config.js";
import { pushImages, retagImages, type PushedImage } from "./push-images.js";
import { planImageTags } from "./oci-plan.js";
import { renderTags } from "./tags.js";
import { timed } from "../summary/timings.js";
import { readManifest } from "../manifest/dist-manifest.js";
import { attachReferrers, imageSignOption, platformSboms } from "./attach-referrers.js";

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

/** The resolved config, the release, and each variant's tags for the channel; undefined without a next release. */
function channelTags(pluginConfig: PluginConfig, context: Context) {
  const r = loadDockerConfig(pluginConfig, context);
  throwAll(r.errors);
  const release = context.nextRelease;
  if (!release) return undefined;
  const { variants, errors } = planImageTags(r, release);
  throwAll(errors);
  return { r, release, variants };
}

/**
 * Pushes the images built by prepare to every registry and sets the channel's tags: the main image, then each
 * variant (whose blobs the registry mostly has by then: they share the binaries' layer). In the split release
 * `semantic-release-rust finish` does.
 */
export async function publish(pluginConfig: PluginConfig, context: Context, deps: HttpDeps = {}) {
  const planned = channelTags(pluginConfig, context);
  if (!planned) return false;
  const { r, release } = planned;
  if (r.config.rustRelease === "split") {
    context.logger.log("Split release: the images are pushed by `semantic-release-rust finish`");
    return false;
  }
  const layout = new OciLayout(r.layoutDir);
  const pushed: PushedImage[] = [];
  const now = deps.now ? { now: deps.now } : {};
  const sign = imageSignOption(pluginConfig, context);
  const sboms = await platformSboms(r, await readManifest(r.distDir));
  for (const { suffix, tags } of planned.variants) {
    const named = await layout.resolve(layoutRef(release.version, suffix));
    const top = named ?? (suffix ? undefined : await layout.resolve());
    if (!top || !(await layout.hasBlob(top.digest))) throw getError("ENODOCKERLAYOUT", { path: r.layoutDir });
    const run = { images: r.images, top, source: layout, tags, config: r.config, env: context.env };
    const label = `push images${suffix ? ` (${suffix})` : ""}`;
    const timing = { distDir: r.distDir, version: release.version, step: "push", label, ...now };
    pushed.push(...(await timed(timing, () => pushImages({ ...run, logger: context.logger, deps }))));
    // Signatures and SBOMs as OCI referrers of the pushed index (the split flow's `finish` comes here too).
    await attachReferrers({ ...run, logger: context.logger, deps, sign, sboms });
  }
  return releaseInfo(pushed, release.channel);
}

/** Points the new channel's tags (and `latest` on the main channel) at the images of a promoted release. */
export async function addChannel(pluginConfig: PluginConfig, context: Context, deps: HttpDeps = {}) {
  const planned = channelTags(pluginConfig, context);
  if (!planned) return false;
  const { r, release } = planned;
  const done: PushedImage[] = [];
  for (const { suffix, tags } of planned.variants) {
    const fromTag = renderTags(["{version}"], release, suffix).tags[0] ?? release.version;
    const run = { images: r.images, fromTag, tags, config: r.config, env: context.env };
    done.push(...(await retagImages({ ...run, logger: context.logger, deps })));
  }
  return releaseInfo(done, release.channel);
}
