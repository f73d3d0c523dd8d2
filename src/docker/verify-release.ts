import { BINARIES_PLUGIN, pluginIndex } from "../plugins.js";
import { hostTriple } from "../binaries/toolchain.js";
import { loadConfig } from "../config/index.js";
import { binariesOptions } from "../config/options/binaries.js";
import { throwAll } from "../errors/get-error.js";
import { cwdOf } from "../util/context.js";
import type { Context, PluginConfig } from "../types.js";
import { loadDockerConfig } from "./config.js";
import { choosePlatforms, dockerPreviewLines, type DockerPreview } from "./preview.js";
import { renderTags, templatesFor } from "./tags.js";

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
 * What the plugin would build and push for `version` (on `channel`): builder, platforms, every image reference.
 * Reads options only (and `rustc -vV` for the host target); builds nothing, pushes nothing.
 */
async function readDockerPreview(
  pluginConfig: PluginConfig,
  context: Context,
  release: { version: string; channel?: string | null; gitHead?: string },
): Promise<DockerPreview> {
  const r = loadDockerConfig(pluginConfig, context);
  throwAll(r.errors);
  const templates = templatesFor(r.config, release.channel);
  const { tags, errors } = renderTags(templates, release);
  throwAll(errors);
  const variants = r.variants
    .slice(1)
    .map((v) => ({ ...v, tags: renderTags(templates, release, v.suffix).tags }));
  const targets = await binaryTargets(context);
  const c = r.config;
  return {
    version: release.version,
    ...choosePlatforms({
      ...(c.builder ? { builder: c.builder } : {}),
      ...(c.platforms ? { platforms: c.platforms } : {}),
      ...(targets ? { binaryTargets: targets } : {}),
    }),
    images: r.images.map((i) => ({ name: i.name, insecure: i.insecure })),
    tags,
    ...(variants.length ? { variants } : {}),
    oci: {
      baseImage: c.baseImage,
      user: c.user,
      binDir: c.binDir,
      ...(c.binary ? { entrypoint: c.binary } : {}),
    },
    buildx: { dockerfile: c.dockerfile, context: c.context, provenance: c.provenance, sbom: c.sbom },
  };
}

/** The preview's lines for a release. */
export const previewDocker = async (
  pluginConfig: PluginConfig,
  context: Context,
  release: { version: string; channel?: string | null; gitHead?: string },
): Promise<string[]> => dockerPreviewLines(await readDockerPreview(pluginConfig, context, release));

/** verifyRelease (runs in --dry-run): logs the builder, platforms and image references of `nextRelease`. */
export async function verifyRelease(pluginConfig: PluginConfig, context: Context): Promise<void> {
  const release = context.nextRelease;
  if (!release) return;
  for (const line of await previewDocker(pluginConfig, context, release)) context.logger.log("%s", line);
}
