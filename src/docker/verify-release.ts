import { BINARIES_PLUGIN, pluginIndex } from "../plugins.js";
import { hostTriple } from "../binaries/toolchain.js";
import { loadConfig } from "../config/index.js";
import { binariesOptions } from "../config/options/binaries.js";
import { throwAll } from "../errors/get-error.js";
import { cwdOf } from "../util/context.js";
import type { Context, PluginConfig } from "../types.js";
import { imageSignOption } from "./attach-referrers.js";
import { loadDockerConfig } from "./config.js";
import { planImageTags, type DockerPlanData } from "./oci-plan.js";
import { choosePlatforms, dockerPreviewLines } from "./preview.js";

/**
 * The targets semantic-release-rust/binaries builds in this run, read from `options.plugins`: its `targets`, else
 * the host (`rustc -vV`, read-only). `undefined` when it is not listed.
 */
async function binaryTargets(context: Context): Promise<string[] | undefined> {
  const plugins = context.options?.plugins ?? [];
  const at = pluginIndex(context, BINARIES_PLUGIN);
  if (at === -1) return undefined;
  const entry = plugins[at];
  const own = Array.isArray(entry) ? ((entry[1] as Record<string, unknown> | undefined) ?? {}) : {};
  const { config } = loadConfig(BINARIES_PLUGIN, binariesOptions, own);
  if (config.targets) return config.targets.map((t) => t.target);
  const cwd = cwdOf(context);
  return hostTriple({ cwd, env: context.env }).then(
    (host) => (host ? [host] : []),
    () => [],
  );
}

/**
 * What the plugin would build and push for `version` (on `channel`), as data: builder, platforms, every image reference.
 * Reads options only (and `rustc -vV` for the host target); builds nothing, pushes nothing.
 */
export async function readDockerPlan(
  pluginConfig: PluginConfig,
  context: Context,
  release: { version: string; channel?: string | null; gitHead?: string },
): Promise<DockerPlanData> {
  const r = loadDockerConfig(pluginConfig, context);
  throwAll(r.errors);
  const { images, variants: all, errors } = planImageTags(r, release);
  throwAll(errors);
  const variants = all.slice(1);
  const targets = await binaryTargets(context);
  const c = r.config;
  const sign = imageSignOption(pluginConfig, context);
  return {
    version: release.version,
    ...choosePlatforms({
      ...(c.builder ? { builder: c.builder } : {}),
      ...(c.platforms ? { platforms: c.platforms } : {}),
      ...(targets ? { binaryTargets: targets } : {}),
    }),
    images,
    ...(variants.length ? { variants } : {}),
    oci: {
      baseImage: c.baseImage,
      user: c.user,
      binDir: c.binDir,
      ...(c.binary ? { entrypoint: c.binary } : {}),
    },
    buildx: { dockerfile: c.dockerfile, context: c.context, provenance: c.provenance, sbom: c.sbom },
    ...(sign ? { signatures: Object.keys(sign) } : {}),
  };
}

/** The preview's lines for a release. */
export const previewDocker = async (
  pluginConfig: PluginConfig,
  context: Context,
  release: { version: string; channel?: string | null; gitHead?: string },
): Promise<string[]> => dockerPreviewLines(await readDockerPlan(pluginConfig, context, release));

/** verifyRelease (runs in --dry-run): logs the builder, platforms and image references of `nextRelease`. */
export async function verifyRelease(pluginConfig: PluginConfig, context: Context): Promise<void> {
  const release = context.nextRelease;
  if (!release) return;
  for (const line of await previewDocker(pluginConfig, context, release)) context.logger.log("%s", line);
}
