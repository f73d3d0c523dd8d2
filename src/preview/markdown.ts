import { MARKER } from "./marker.js";
import { code, escape, pluginMarkdown, section, table } from "./markdown-plan.js";
import type { PreviewReport } from "./report.js";
import { sizeCells, verdictLine, type PreviewSizes } from "./sizes.js";

/** The sizes table (artifact, size, previous, change) and the size gate's verdict with its problems. */
function sizesMarkdown(s: PreviewSizes): string[] {
  const against = s.previous
    ? `against ${code(s.previous.version)}`
    : `no previous sizes: ${escape(s.skipped ?? "none")}`;
  const rows = s.rows.map((r) => {
    const c = sizeCells(r, !!s.previous);
    return [code(r.name), r.kind, c.size, c.previous, c.change];
  });
  const verdict = `Size gate: **${escape(verdictLine(s))}**`;
  const problems = s.problems.map((p) => `- :x: ${code(p.code)} ${escape(p.message)}`);
  const body = rows.length ? [...table(["Artifact", "Kind", "Size", "Previous", "Change"], rows), ""] : [];
  return section(`Sizes (${against})`, [...body, verdict, ...problems], rows.length);
}

/** The headline: version, type and tag, or no release and why. */
function headline(r: PreviewReport): string {
  const next = r.nextRelease;
  const after = r.lastRelease ? `after ${code(r.lastRelease.gitTag)}` : "the first release";
  return next
    ? `### Merging releases ${code(next.version)} (${next.type}) as ${code(next.gitTag)}, ${after}`
    : `### Merging releases nothing: ${escape(r.reason ?? "nothing to release")}`;
}

function squashLine(r: PreviewReport): string[] {
  const s = r.squash;
  if (!s) return [];
  const what = s.nextRelease ? `${code(s.nextRelease.version)} (${s.nextRelease.type})` : "nothing";
  return [`Squash merge titled ${code(s.title)}: releases ${what}.`, ""];
}

/**
 * The report as compact markdown for the job summary and the pull-request comment: warnings first, the headline,
 * the squash merge, then the commits and each plugin's plan (long ones folded). Starts with the hidden marker.
 */
export function renderMarkdown(r: PreviewReport): string {
  const out = [MARKER];
  if (r.warnings.length) out.push("> [!WARNING]", ...r.warnings.map((w) => `> - ${escape(w)}`), "");
  out.push(headline(r), "");
  out.push(`Base ${code(r.base.name)} (${r.base.type}), head ${code(r.head.slice(0, 7))}.`, "");
  out.push(...squashLine(r));
  const commits = r.commits.map(
    (c) => `- ${code(c.hash.slice(0, 7))} ${escape(c.subject)}${c.type ? ` (${c.type})` : ""}`,
  );
  if (commits.length) out.push(...section(`Commits (${commits.length})`, commits));
  for (const p of r.plan?.plugins ?? []) out.push(...pluginMarkdown(p));
  if (r.sizes) out.push(...sizesMarkdown(r.sizes));
  return `${out.join("\n").trimEnd()}\n`;
}
