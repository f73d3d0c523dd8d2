import { renderTemplate as render } from "../config/templates.js";

/** The placeholders of each GitHub template option. */
export const ASSET_PLACEHOLDERS = ["version", "gitTag", "channel", "name"] as const;
export const ASSET_LABEL_PLACEHOLDERS = ["version", "gitTag", "channel", "name", "target", "kind"] as const;

/** Values a name or label template may use. */
export type TemplateVars = Partial<Record<(typeof ASSET_LABEL_PLACEHOLDERS)[number], string>>;

/**
 * Fills `{key}` placeholders with the one renderer of `src/config/templates.ts`; unknown or empty keys become ""
 * (verifyConditions refuses unknown ones). No code runs: templates are plain text.
 */
export function renderTemplate(template: string, vars: TemplateVars): string {
  const values = Object.fromEntries(ASSET_LABEL_PLACEHOLDERS.map((k) => [k, vars[k]]));
  return render(template, values, "").text.trim();
}
