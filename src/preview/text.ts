import { releaseLine, type PreviewReport } from "./report.js";
import { sizeCells, verdictLine, type PreviewSizes } from "./sizes.js";

/** Each binary and archive with its size and change, then the size gate's verdict and problems. */
function sizesText(s: PreviewSizes): string[] {
  const against = s.previous ? `against ${s.previous.version}` : `no previous sizes: ${s.skipped ?? "none"}`;
  return [
    `Sizes (${against}):`,
    ...s.rows.map((r) => {
      const c = sizeCells(r, !!s.previous);
      return `  ${r.name} (${r.kind}): ${c.size}, ${r.size === null ? `previous ${c.previous}` : c.change}`;
    }),
    `Size gate: ${verdictLine(s)}`,
    ...s.problems.map((p) => `  ${p.code} ${p.message}`),
  ];
}

/** The report as the terminal shows it: warnings, the release, the squash merge, the commits, the plan. */
export function renderText(r: PreviewReport): string {
  const out: string[] = [];
  for (const w of r.warnings) out.push(`warning: ${w}`);
  out.push(
    `Merging into ${r.base.name} (${r.base.type}) releases ${releaseLine(r.nextRelease, r.reason)}`,
    `Last release: ${r.lastRelease ? `${r.lastRelease.version} (${r.lastRelease.gitTag})` : "none"}`,
  );
  if (r.squash)
    out.push(
      `Squash merge titled "${r.squash.title}" releases ${releaseLine(r.squash.nextRelease, r.squash.reason)}`,
    );
  out.push(
    `Commits (${r.commits.length}):`,
    ...r.commits.map((c) => `  ${c.hash.slice(0, 7)} ${c.subject}${c.type ? ` (${c.type})` : ""}`),
  );
  for (const p of r.plan?.plugins ?? []) {
    out.push(`${p.plugin}:`);
    if (p.status === "no-preview") out.push("  (no preview for this plugin)");
    out.push(...p.lines.map((l) => `  ${l}`));
    out.push(...p.problems.map((x) => `  no plan: ${x.code ? `${x.code} ` : ""}${x.message}`));
  }
  if (r.sizes) out.push(...sizesText(r.sizes));
  return `${out.join("\n")}\n`;
}
