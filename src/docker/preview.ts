import { platformOfTarget, platformString, samePlatform } from "../oci/platform.js";
import { parsePlatforms, type PlatformRequest } from "./oci-plan.js";

/** What the docker plugin would build and push for a version, as plain data: printed by dry-runs and `plan`. */
export interface DockerPreview {
  version: string;
  builder: "oci" | "buildx";
  /** Why this builder. */
  builderReason: string;
  /** `linux/arm64` with the target whose binaries go in, when known. */
  platforms: { platform: string; target?: string }[];
  /** Where the platforms come from. */
  platformsFrom: string;
  /** Each image name with its registry's scheme. */
  images: { name: string; insecure: boolean }[];
  tags: string[];
  oci?: { baseImage: string; user: string; binDir: string; entrypoint?: string };
  /** The `variants`: each image again from the same binaries, with its own base, user and suffixed tags. */
  variants?: { suffix: string; baseImage: string; user: string; tags: string[] }[];
  buildx?: { dockerfile: string; context: string; provenance: boolean; sbom: boolean };
}

/** The options the platform and builder choice reads. */
interface PlatformChoiceInput {
  builder?: "oci" | "buildx";
  platforms?: string[];
  /** The targets semantic-release-rust/binaries builds, when it is listed (their binaries feed the `oci` builder). */
  binaryTargets?: string[];
}

const requestLabel = (r: PlatformRequest) => ({
  platform: platformString(r.platform),
  ...(r.target ? { target: r.target } : {}),
});

/**
 * The platforms and the builder prepare would use, before any manifest exists: the `platforms` option, else the
 * linux targets of the binaries plugin; `oci` when every platform has binaries coming, else `buildx` (as prepare
 * decides it from the manifest). Pure.
 */
export function choosePlatforms(
  i: PlatformChoiceInput,
): Pick<DockerPreview, "builder" | "builderReason" | "platforms" | "platformsFrom"> {
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
  if (builder === "buildx" && requests.length === 0) {
    return {
      builder,
      builderReason,
      platforms: [{ platform: "linux/amd64" }],
      platformsFrom: "the default of buildx",
    };
  }
  return { builder, builderReason, platforms: requests.map(requestLabel), platformsFrom };
}

/** The preview as a few lines: builder and platforms, then every image reference that would be pushed. */
export function dockerPreviewLines(p: DockerPreview): string[] {
  const lines = [`Would build the image of ${p.version} with the ${p.builder} builder (${p.builderReason})`];
  if (p.builder === "oci" && p.oci) {
    lines.push(
      `  base ${p.oci.baseImage}, user ${p.oci.user}, binaries in ${p.oci.binDir}, entrypoint ${p.oci.entrypoint ?? "the first binary by name"}`,
    );
  }
  if (p.builder === "buildx" && p.buildx) {
    lines.push(
      `  docker buildx build --file ${p.buildx.dockerfile} ${p.buildx.context} (provenance ${p.buildx.provenance}, sbom ${p.buildx.sbom})`,
    );
  }
  const platforms = p.platforms.map((x) => (x.target ? `${x.platform} (${x.target})` : x.platform));
  lines.push(`  platforms from ${p.platformsFrom}: ${platforms.join(", ") || "none yet"}`);
  for (const image of p.images) {
    lines.push(
      `Would push ${image.name} over ${image.insecure ? "http" : "https"} with tags ${p.tags.join(", ")}:`,
    );
    for (const tag of p.tags) lines.push(`  ${image.name}:${tag}`);
    for (const v of p.variants ?? []) {
      lines.push(
        `Would push the ${v.suffix} variant (base ${v.baseImage}, user ${v.user}) of ${image.name} with tags ${v.tags.join(", ")}:`,
      );
      for (const tag of v.tags) lines.push(`  ${image.name}:${tag}`);
    }
  }
  return lines;
}
