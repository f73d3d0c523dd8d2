import { platformString } from "../oci/platform.js";
import { planPlatforms, type DockerPlanData, type PlatformChoiceInput } from "./oci-plan.js";

/** The docker plan as the preview reads it. */
export type DockerPreview = DockerPlanData;

/** The platforms (as `linux/arm64` with their target) and the builder of a plan. Pure. */
export function choosePlatforms(
  i: PlatformChoiceInput,
): Pick<DockerPlanData, "builder" | "builderReason" | "platforms" | "platformsFrom"> {
  const { requests, ...choice } = planPlatforms(i);
  const platforms = requests.map((r) => ({
    platform: platformString(r.platform),
    ...(r.target ? { target: r.target } : {}),
  }));
  return { ...choice, platforms };
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
  if (p.signatures?.length)
    lines.push(
      `  each pushed index gets its ${p.signatures.join(", ")} signatures and each platform's SBOM as OCI referrers`,
    );
  for (const image of p.images) {
    lines.push(
      `Would push ${image.name} over ${image.insecure ? "http" : "https"} with tags ${image.tags.join(", ")}:`,
    );
    for (const tag of image.tags) lines.push(`  ${image.name}:${tag}`);
    for (const v of p.variants ?? []) {
      lines.push(
        `Would push the ${v.suffix} variant (base ${v.baseImage}, user ${v.user}) of ${image.name} with tags ${v.tags.join(", ")}:`,
      );
      for (const tag of v.tags) lines.push(`  ${image.name}:${tag}`);
    }
  }
  return lines;
}
