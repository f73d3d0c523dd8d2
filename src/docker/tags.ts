import semver from "semver";
import { getError } from "../errors/get-error.js";
import type { SemanticReleaseError } from "../errors/semantic-release-error.js";
import { isValidTag } from "../oci/registry/image-name.js";
import type { DockerConfig } from "./config.js";

export interface TagRelease {
  version: string;
  /** The release channel; null or undefined for the main channel. */
  channel?: string | null;
  gitHead?: string;
}

/** The templates for a channel: `tags` on the main channel, `channelTags` elsewhere. */
export const templatesFor = (
  config: Pick<DockerConfig, "tags" | "channelTags">,
  channel?: string | null,
): string[] => (channel ? config.channelTags : config.tags);

/** Fills one template. `+build` metadata becomes `-build` (tags cannot hold `+`). */
export function renderTemplate(template: string, release: TagRelease): string {
  const v = semver.parse(release.version);
  const values: Record<string, string> = {
    version: release.version.replace(/\+/g, "-"),
    major: String(v?.major ?? ""),
    minor: String(v?.minor ?? ""),
    patch: String(v?.patch ?? ""),
    channel: release.channel ?? "",
    revision: (release.gitHead ?? "").slice(0, 12),
  };
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}

/** The tags of a release, deduplicated in template order; invalid results are `EDOCKERTAG` errors. */
export function renderTags(
  templates: readonly string[],
  release: TagRelease,
): { tags: string[]; errors: SemanticReleaseError[] } {
  const tags: string[] = [];
  const errors: SemanticReleaseError[] = [];
  for (const template of templates) {
    const tag = renderTemplate(template, release);
    if (!isValidTag(tag)) errors.push(getError("EDOCKERTAG", { template, tag }));
    else if (!tags.includes(tag)) tags.push(tag);
  }
  return { tags, errors };
}
