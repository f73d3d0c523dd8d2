import { resolve } from "node:path";
import { getError, throwAll } from "../errors/get-error.js";
import { readManifest, manifestPath } from "../manifest/dist-manifest.js";
import type { Descriptor } from "../oci/media-types.js";
import { OciLayout } from "../oci/layout.js";
import type { Context, PluginConfig } from "../types.js";
import { runBuildx } from "./buildx-build.js";
import { loadDockerConfig, type ResolvedDocker } from "./config.js";
import { releaseLabels } from "./labels.js";
import { buildOciImages } from "./oci-build.js";
import { renderTag } from "./tags.js";
import { manifestBinaryTargets, planOciImages, planPlatforms } from "./oci-plan.js";
import { recordImage } from "./image-sizes.js";
import { timed } from "../summary/timings.js";

/**
 * Builds the multi-arch image into `{distDir}/oci` (`oci` builder or `docker buildx`), records it in the dist
 * manifest and checks its size per platform (`maxSize.image` of the binaries plugin); pushes nothing.
 */
export async function prepare(pluginConfig: PluginConfig, context: Context): Promise<void> {
  const r = loadDockerConfig(pluginConfig, context);
  throwAll(r.errors);
  const version = context.nextRelease?.version ?? "";
  const top = await timed({ distDir: r.distDir, version, step: "images", label: "build images" }, () =>
    buildImages(pluginConfig, context),
  );
  if (top) await recordImage(r, context, new OciLayout(r.layoutDir), top);
}

/** Builds the images into `{distDir}/oci` (an OCI layout). Pushes nothing: that is publish's job. */
async function buildImages(pluginConfig: PluginConfig, context: Context): Promise<Descriptor | undefined> {
  const r = loadDockerConfig(pluginConfig, context);
  throwAll(r.errors);
  const release = context.nextRelease;
  if (!release) return undefined;
  if (r.config.rustRelease === "split") {
    context.logger.log(
      "Split release: the images are built by `semantic-release-rust finish` from every target",
    );
    return undefined;
  }
  const manifest = await readManifest(r.distDir);
  // The same choice as the release plan, made from the binaries the manifest holds.
  const { builder, requests } = planPlatforms({
    ...(r.config.builder ? { builder: r.config.builder } : {}),
    ...(r.config.platforms ? { platforms: r.config.platforms } : {}),
    ...(manifest ? { binaryTargets: manifestBinaryTargets(manifest) } : {}),
  });
  const plan = planOciImages(requests, manifest, r.config.binary);
  const entrypoint = plan.images[0]?.entrypoint;
  const labels = await releaseLabels({
    cwd: r.cwd,
    env: context.env,
    manifestPath: r.config.manifestPath,
    version: release.version,
    gitHead: release.gitHead ?? "HEAD",
    repositoryUrl: context.options?.repositoryUrl,
    licenses: r.config.licenses,
    title: entrypoint,
  });
  context.logger.log("Building images for %s with the %s builder", release.version, builder);
  if (builder === "oci") {
    if (manifest && manifest.version !== release.version) {
      // Binaries of another release (a stale dist folder) must not go into this release's image.
      throw getError("EDISTMANIFEST", {
        path: manifestPath(r.distDir),
        reason: `it lists the binaries of ${manifest.version}, not of ${release.version}`,
      });
    }
    if (plan.unknownBinary) throw getError("EDOCKERBINARY", plan.unknownBinary);
    if (requests.length === 0 || plan.missing.length > 0) {
      throw getError("ENODOCKERBINARIES", {
        platforms: plan.missing.length ? plan.missing : ["linux"],
        path: manifestPath(r.distDir),
      });
    }
    return buildOciImages({
      ...r,
      images: plan.images,
      labels,
      version: release.version,
      env: context.env,
      logger: context.logger,
    });
  }
  if (r.variants.length > 1)
    throw getError("EDOCKERVARIANTBUILDX", { suffixes: r.variants.slice(1).map((v) => v.suffix) });
  await buildWithBuildx(
    r,
    context,
    requests.map((q) => q.platform),
    labels,
  );
  return new OciLayout(r.layoutDir)
    .resolve(release.version)
    .then(async (d) => d ?? (await new OciLayout(r.layoutDir).resolve()));
}

async function buildWithBuildx(
  r: ResolvedDocker,
  context: Context,
  platforms: { os: string; architecture: string; variant?: string }[],
  labels: Record<string, string>,
): Promise<void> {
  const version = labels["org.opencontainers.image.version"] ?? "";
  const buildArgs: Record<string, string> = {
    ...Object.fromEntries(
      Object.entries(r.config.buildArgs ?? {}).map(([k, v]) => [
        k,
        renderTag(v, { version, gitHead: labels["org.opencontainers.image.revision"] }),
      ]),
    ),
    VERSION: version,
    REVISION: labels["org.opencontainers.image.revision"] ?? "",
    CREATED: labels["org.opencontainers.image.created"] ?? "",
  };
  await new OciLayout(r.layoutDir).reset();
  await runBuildx(
    {
      platforms,
      dockerfile: r.config.dockerfile,
      context: resolve(r.cwd, r.config.context),
      buildArgs,
      labels,
      provenance: r.config.provenance,
      sbom: r.config.sbom,
      outputDir: r.layoutDir,
      // An image name cannot hold `+` (a snapshot's `0.1.1-dev.2+abcdef1`); publish then takes the only image.
      refName: version.replace(/\+/g, "-"),
    },
    context,
    { images: r.images, config: r.config },
  );
}
