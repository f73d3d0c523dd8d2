import type { PluginPlan } from "../plan/release-plan.js";
import { MARKER } from "./comment.js";
import type { PreviewReport } from "./report.js";

/** Lists longer than this are folded into `<details>`. */
const FOLD = 8;

const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;
const escape = (s: string) =>
  s.replace(/[<>&]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;" })[c] ?? c);

/** A block folded when long: `<details>` with the summary, else a bold heading. */
function block(summary: string, body: string[], count: number): string[] {
  if (count > FOLD) return ["<details>", `<summary>${summary}</summary>`, "", ...body, "", "</details>", ""];
  return [`**${summary}**`, "", ...body, ""];
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

function pluginBlock(p: PluginPlan): string[] {
  const problems = p.problems.map((x) => `- :x: ${x.code ? `${code(x.code)} ` : ""}${escape(x.message)}`);
  const lines = p.lines.length ? ["```text", ...p.lines, "```"] : [];
  if (p.status === "no-preview") lines.push("_no preview for this plugin_");
  return block(`${escape(p.plugin)} (${p.status})`, [...problems, ...lines], p.lines.length);
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
  const commits = r.commits.map((c) => `- ${code(c.hash.slice(0, 7))} ${escape(c.subject)}`);
  if (commits.length) out.push(...block(`Commits (${commits.length})`, commits, commits.length));
  for (const p of r.plan?.plugins ?? []) out.push(...pluginBlock(p));
  return `${out.join("\n").trimEnd()}\n`;
}
