import semver from "semver";
import { renderTemplate, templateProblem } from "../config/templates.js";
import { getError } from "../errors/get-error.js";
import type { SemanticReleaseError } from "../errors/semantic-release-error.js";
import { isValidTag } from "../oci/registry/image-name.js";
import type { DockerConfig } from "./config.js";

interface TagRelease {
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

/** The placeholders of tag templates (and of `buildArgs` values). */
const TAG_PLACEHOLDERS = ["version", "major", "minor", "patch", "channel", "revision"] as const;

/** The value of each placeholder for a release. `+build` metadata becomes `-build` (tags cannot hold `+`). */
export function tagValues(release: TagRelease): Record<(typeof TAG_PLACEHOLDERS)[number], string> {
  const v = semver.parse(release.version);
  return {
    version: release.version.replace(/\+/g, "-"),
    major: String(v?.major ?? ""),
    minor: String(v?.minor ?? ""),
    patch: String(v?.patch ?? ""),
    channel: release.channel ?? "",
    revision: (release.gitHead ?? "").slice(0, 12),
  };
}

/** Fills one template; unknown placeholders stay as written (verifyConditions refuses them). */
export const renderTag = (template: string, release: TagRelease): string =>
  renderTemplate(template, tagValues(release)).text;

/**
 * A variant's tag (`variants`), as official images name theirs: `latest` becomes the suffix's name alone
 * (`-alpine` → `alpine`), every other tag gets the suffix (`1.2.3-alpine`, `dev-alpine`). No suffix: the tag.
 */
export const variantTag = (tag: string, suffix = ""): string =>
  suffix === "" ? tag : tag === "latest" ? suffix.slice(1) : `${tag}${suffix}`;

/**
 * The tags of a release (of the variant with `suffix`), deduplicated in template order; invalid results are
 * `EDOCKERTAG` errors.
 */
export function renderTags(
  templates: readonly string[],
  release: TagRelease,
  suffix = "",
): { tags: string[]; errors: SemanticReleaseError[] } {
  const tags: string[] = [];
  const errors: SemanticReleaseError[] = [];
  for (const template of templates) {
    const rendered = renderTemplate(template, tagValues(release));
    const reason = templateProblem(rendered, TAG_PLACEHOLDERS);
    const tag = variantTag(rendered.text, suffix);
    if (reason || !isValidTag(tag))
      errors.push(
        getError("EDOCKERTAG", {
          template: suffix ? `${template} (variant ${suffix})` : template,
          tag,
          version: release.version,
          channel: release.channel ?? null,
          ...(reason ? { reason } : {}),
        }),
      );
    else if (!tags.includes(tag)) tags.push(tag);
  }
  return { tags, errors };
}
