import type { Artifact, DistManifest } from "../manifest/dist-manifest.js";
import type { Platform } from "../oci/media-types.js";
import { parsePlatform, platformOfTarget, platformString, samePlatform } from "../oci/platform.js";

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
