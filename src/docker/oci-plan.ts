import type { SemanticReleaseError } from "../errors/semantic-release-error.js";
import type { Artifact, DistManifest } from "../manifest/dist-manifest.js";
import type { Platform } from "../oci/media-types.js";
import { parsePlatform, platformOfTarget, platformString, samePlatform } from "../oci/platform.js";
import type { ImageVariant, ResolvedDocker } from "./config.js";
import { renderTags, templatesFor } from "./tags.js";

/** What the docker plugin would build and push for a version, as JSON data. */
/** One image of the same binaries (the main one has suffix `""`) with the tags it gets. */
export type VariantTags = ImageVariant & { tags: string[] };

export interface DockerPlanData {
  version: string;
  builder: "oci" | "buildx";
  /** Why this builder. */
  builderReason: string;
  /** `linux/arm64` with the target whose binaries go in, when known. */
  platforms: { platform: string; target?: string }[];
  /** Where the platforms come from. */
  platformsFrom: string;
  /** Each image name with its registry's scheme and the tags pushed to it, in push order. */
  images: { name: string; insecure: boolean; tags: string[] }[];
  oci?: { baseImage: string; user: string; binDir: string; entrypoint?: string };
  /** The `variants`: each image again from the same binaries, with its own base, user and suffixed tags. */
  variants?: VariantTags[];
  buildx?: { dockerfile: string; context: string; provenance: boolean; sbom: boolean };
  /** The `sign` methods whose signatures publish attaches to each pushed index as OCI referrers. */
  signatures?: string[];
}

/** One platform's image of the `oci` builder: which binaries go in, which is the entrypoint. */
export interface PlatformImagePlan {
  platform: Platform;
  target: string;
  /** Paths relative to the dist folder, by binary name. */
  binaries: { name: string; path: string }[];
  entrypoint: string;
}

export type PlatformRequest = { platform: Platform; target?: string };

/** Parses the `platforms` option: docker platforms or linux target triples. Unknown ones come back in `bad`. */
export function parsePlatforms(values: readonly string[]): { requests: PlatformRequest[]; bad: string[] } {
  const requests: PlatformRequest[] = [];
  const bad: string[] = [];
  for (const v of values) {
    const fromTarget = platformOfTarget(v);
    const platform = fromTarget ?? (v.includes("/") ? parsePlatform(v) : undefined);
    if (!platform) bad.push(v);
    else requests.push(fromTarget ? { platform, target: v } : { platform });
  }
  return { requests, bad };
}

const binariesOf = (manifest: DistManifest | undefined): Artifact[] =>
  (manifest?.artifacts ?? []).filter((a) => a.kind === "binary" && a.target && a.binary);

/** The linux platforms the manifest has binaries for, in target order. */
export function manifestPlatforms(manifest: DistManifest | undefined): PlatformRequest[] {
  const targets = [...new Set(binariesOf(manifest).map((a) => a.target as string))].sort();
  const out: PlatformRequest[] = [];
  for (const target of targets) {
    const platform = platformOfTarget(target);
    if (platform && !out.some((r) => samePlatform(r.platform, platform))) out.push({ platform, target });
  }
  return out;
}

/**
 * Matches every requested platform with its binaries in the manifest. `missing` lists the platforms without
 * a binary (then the default builder is `buildx`).
 */
export function planOciImages(
  requests: readonly PlatformRequest[],
  manifest: DistManifest | undefined,
  entrypoint?: string,
): { images: PlatformImagePlan[]; missing: string[]; unknownBinary?: { name: string; known: string[] } } {
  const binaries = binariesOf(manifest);
  const images: PlatformImagePlan[] = [];
  const missing: string[] = [];
  for (const r of requests) {
    const forTarget = binaries.filter((a) => {
      const p = platformOfTarget(a.target as string);
      return !!p && (r.target ? a.target === r.target : samePlatform(p, r.platform));
    });
    const target = r.target ?? [...new Set(forTarget.map((a) => a.target as string))].sort()[0];
    const chosen = forTarget
      .filter((a) => a.target === target)
      .map((a) => ({ name: a.binary as string, path: a.path }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (!target || chosen.length === 0) {
      missing.push(platformString(r.platform));
      continue;
    }
    const main = entrypoint ?? chosen[0]?.name ?? "";
    if (!chosen.some((b) => b.name === main)) {
      return { images, missing, unknownBinary: { name: main, known: chosen.map((b) => b.name) } };
    }
    images.push({ platform: r.platform, target, binaries: chosen, entrypoint: main });
  }
  return { images, missing };
}

/** The options the platform and builder choice reads. */
export interface PlatformChoiceInput {
  builder?: "oci" | "buildx";
  platforms?: string[];
  /**
   * The targets with binaries: those semantic-release-rust/binaries builds (planning) or those of
   * `dist/manifest.json` (prepare); undefined when neither is known.
   */
  binaryTargets?: string[];
}

type PlatformChoice = Pick<DockerPlanData, "builder" | "builderReason" | "platformsFrom"> & {
  requests: PlatformRequest[];
};

const BUILDX_DEFAULT: PlatformRequest = { platform: { os: "linux", architecture: "amd64" } };

/**
 * The platforms and the builder: the `platforms` option, else the linux targets with binaries; `oci` when every
 * platform has binaries, else `buildx` (`linux/amd64` when nothing names a platform). Pure: the plan and prepare
 * both decide with it.
 */
export function planPlatforms(i: PlatformChoiceInput): PlatformChoice {
  const linux = (i.binaryTargets ?? []).filter((t) => platformOfTarget(t)).sort();
  let requests: PlatformRequest[];
  let platformsFrom: string;
  if (i.platforms) {
    requests = parsePlatforms(i.platforms).requests;
    platformsFrom = "the `platforms` option";
  } else {
    requests = [];
    for (const target of linux) {
      const platform = platformOfTarget(target)!;
      if (!requests.some((r) => samePlatform(r.platform, platform))) requests.push({ platform, target });
    }
    platformsFrom = i.binaryTargets
      ? "the linux targets of semantic-release-rust/binaries"
      : "the linux binaries of dist/manifest.json after prepare (semantic-release-rust/binaries is not listed)";
  }
  const covered = (r: PlatformRequest) =>
    r.target ? linux.includes(r.target) : linux.some((t) => samePlatform(platformOfTarget(t)!, r.platform));
  const allCovered = requests.length > 0 && requests.every(covered);
  const builder = i.builder ?? (allCovered ? "oci" : "buildx");
  const builderReason = i.builder
    ? "set in the configuration"
    : allCovered
      ? "every platform has binaries from semantic-release-rust/binaries"
      : "not every platform has binaries from semantic-release-rust/binaries";
  if (builder === "buildx" && requests.length === 0)
    return { builder, builderReason, requests: [BUILDX_DEFAULT], platformsFrom: "the default of buildx" };
  return { builder, builderReason, requests, platformsFrom };
}

/** The targets of the manifest's binaries (what prepare's builder choice reads). */
export const manifestBinaryTargets = (manifest: DistManifest | undefined): string[] | undefined =>
  manifest ? [...new Set(binariesOf(manifest).map((a) => a.target as string))] : undefined;

/** Every image with the tags a release pushes to it (`tags`, or `channelTags` on a channel). */
export function planImageTags(
  r: Pick<ResolvedDocker, "config" | "images" | "variants">,
  release: { version: string; channel?: string | null; gitHead?: string },
): { images: DockerPlanData["images"]; variants: VariantTags[]; errors: SemanticReleaseError[] } {
  const templates = templatesFor(r.config, release.channel);
  const rendered = r.variants.map((v) => ({ variant: v, ...renderTags(templates, release, v.suffix) }));
  const tags = rendered[0]?.tags ?? [];
  return {
    images: r.images.map((i) => ({ name: i.name, insecure: i.insecure, tags })),
    variants: rendered.map(({ variant, tags }) => ({ ...variant, tags })),
    errors: rendered.flatMap((v) => v.errors),
  };
}
