import type { GithubConfig } from "./config.js";
import {
  fileNameProblem,
  lineProblem,
  releaseChannels,
  renderTagFormat,
  renderTemplate,
  SAMPLE_VERSION,
  templateProblem,
} from "../config/templates.js";
import { getError } from "../errors/get-error.js";
import type { SemanticReleaseError } from "../errors/semantic-release-error.js";
import type { Context } from "../types.js";
import { ASSET_LABEL_PLACEHOLDERS, ASSET_PLACEHOLDERS } from "./template.js";
import { DEFAULT_TAG_FORMAT } from "../plugins.js";

interface Check {
  option: string;
  template: string;
  known: readonly string[];
  /** Names must be one safe file name; labels one line. */
  kind: "name" | "label";
}

/**
 * The asset name and label templates: only known placeholders, and for the sample version on the main channel
 * and every release channel, names render to one safe file name and labels to one line.
 */
export function assetTemplateErrors(config: GithubConfig, context: Context): SemanticReleaseError[] {
  const checks: Check[] = [];
  if (config.assetLabel)
    checks.push({
      option: "assetLabel",
      template: config.assetLabel,
      known: ASSET_LABEL_PLACEHOLDERS,
      kind: "label",
    });
  (config.assets ?? []).forEach((spec, i) => {
    if (typeof spec === "string") return;
    for (const kind of ["name", "label"] as const) {
      const template = spec[kind];
      if (template)
        checks.push({ option: `assets[${i}].${kind}`, template, known: ASSET_PLACEHOLDERS, kind });
    }
  });
  const tagFormat =
    typeof context.options?.tagFormat === "string" ? context.options.tagFormat : DEFAULT_TAG_FORMAT;
  const gitTag = renderTagFormat(tagFormat, SAMPLE_VERSION).tag ?? `v${SAMPLE_VERSION}`;
  const errors: SemanticReleaseError[] = [];
  for (const c of checks) {
    const probe = renderTemplate(c.template, Object.fromEntries(c.known.map((k) => [k, "x"])));
    const unknown = templateProblem(probe, c.known);
    if (unknown) {
      errors.push(getError("EASSETTEMPLATE", { option: c.option, template: c.template, reason: unknown }));
      continue;
    }
    for (const channel of ["", ...releaseChannels(context)]) {
      const values = {
        version: SAMPLE_VERSION,
        gitTag,
        channel,
        name: "file.txt",
        target: "x86_64-unknown-linux-gnu",
        kind: "archive",
      };
      const text = renderTemplate(c.template, values).text.trim();
      const problem = c.kind === "name" ? fileNameProblem(text) : lineProblem(text);
      if (!problem) continue;
      const where = `for version \`${SAMPLE_VERSION}\`${channel ? ` on the channel \`${channel}\`` : ""} it gives ${JSON.stringify(text)}, and ${problem.replace(/^it /, "that ")}`;
      errors.push(getError("EASSETTEMPLATE", { option: c.option, template: c.template, reason: where }));
      break;
    }
  }
  return errors;
}
