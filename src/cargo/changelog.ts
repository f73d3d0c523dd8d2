/** True when a markdown heading names `version` (`## 1.2.0`, `# [1.2.0](...) (date)`, `## v1.2.0`). */
export function hasChangelogEntry(text: string, version: string): boolean {
  const v = version.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const heading = new RegExp(`^#{1,6}[^\\n]*?(?<![\\w.+-])v?${v}(?![\\w.+-])`, "m");
  return heading.test(text);
}
