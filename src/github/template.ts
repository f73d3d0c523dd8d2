/** Values a name or label template may use. */
export type TemplateVars = Partial<
  Record<"version" | "gitTag" | "channel" | "name" | "target" | "kind", string>
>;

/** Replaces `{key}` placeholders; unknown or empty keys become "". No code runs: templates are plain text. */
export function renderTemplate(template: string, vars: TemplateVars): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => vars[key as keyof TemplateVars] ?? "").trim();
}
