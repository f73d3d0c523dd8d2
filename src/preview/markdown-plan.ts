import type {
  BinariesPlanData,
  CargoPlanData,
  CratesPlanData,
  DockerPlanData,
  GithubPlanData,
  PluginPlan,
} from "../plan/release-plan.js";
import { BINARIES_PLUGIN, CARGO_PLUGIN, CRATES_PLUGIN, DOCKER_PLUGIN, GITHUB_PLUGIN } from "../plugins.js";

/** Lists longer than this are folded into `<details>`. */
export const FOLD = 8;

export const code = (s: string): string => `\`${s.replace(/`/g, "'")}\``;
export const escape = (s: string): string =>
  s.replace(/[<>&|]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", "|": "\\|" })[c] ?? c);

/** A section: its rows under a bold title, folded into `<details>` when there are more than `FOLD`. */
export function section(title: string, body: string[], count = body.length): string[] {
  if (count > FOLD) return ["<details>", `<summary>${title}</summary>`, "", ...body, "", "</details>", ""];
  return [`**${title}**`, "", ...body, ""];
}

export const table = (head: string[], rows: string[][]): string[] => [
  `| ${head.join(" | ")} |`,
  `| ${head.map(() => "---").join(" | ")} |`,
  ...rows.map((r) => `| ${r.join(" | ")} |`),
];

const cargo = (d: CargoPlanData) =>
  section(
    `Version bump ${code(d.from)} → ${code(d.to)}: ${d.packages.map(code).join(", ")}`,
    d.files.map((f) => `- ${code(f.file)}: ${f.changes.length} change${f.changes.length === 1 ? "" : "s"}`),
  );

const binaries = (d: BinariesPlanData) =>
  section(
    `Targets and artifacts (${d.targets.length})`,
    [
      ...table(
        ["Target", "Builder", "Binaries", "Archive"],
        d.targets.map((t) => [
          code(t.target),
          escape(String(t.builder)),
          t.binaries.map(code).join(" "),
          code(t.archive),
        ]),
      ),
      "",
      `Checksums: ${code(d.checksums)}${d.prebuilt ? `, collected from ${code(d.prebuilt)}` : ""}`,
    ],
    d.targets.length,
  );

const docker = (d: DockerPlanData) =>
  section(
    `Images (${d.builder}, ${d.platforms.map((p) => p.platform).join(", ") || "no platform"})`,
    d.images.map((i) => `- ${code(i.name)}: ${i.tags.map(code).join(", ")}`),
  );

const crates = (d: CratesPlanData) =>
  section(
    `Crates on ${escape(d.registry)}, in publish order (${d.crates.length})`,
    [
      ...d.crates.map(
        (c, i) =>
          `${i + 1}. ${code(`${c.name}@${c.version}`)}${c.inIndex ? " (already published: skipped)" : ""}`,
      ),
      ...(d.indexError ? [`\n_The index could not be read: ${escape(d.indexError)}_`] : []),
    ],
    d.crates.length,
  );

function github(d: GithubPlanData): string[] {
  const assets = [...(d.manifestAssets ?? d.plannedAssets ?? []), ...d.globs.flatMap((g) => g.names)];
  const kind = d.draftRelease ? "draft" : d.prerelease ? "prerelease" : "release";
  return section(
    `GitHub ${kind} ${code(d.tag)} of ${escape(d.repository)} (${assets.length} asset${assets.length === 1 ? "" : "s"})`,
    assets.map((a) => `- ${code(a)}`),
  );
}

/** A plugin's plan from its data, or its lines when it has no data; problems first. */
export function pluginMarkdown(p: PluginPlan): string[] {
  const problems = p.problems.map(
    (x) => `- :x: ${escape(p.plugin)}: ${x.code ? `${code(x.code)} ` : ""}${escape(x.message)}`,
  );
  const d = p.data;
  const body =
    d?.plugin === CARGO_PLUGIN
      ? cargo(d)
      : d?.plugin === BINARIES_PLUGIN
        ? binaries(d)
        : d?.plugin === DOCKER_PLUGIN
          ? docker(d)
          : d?.plugin === CRATES_PLUGIN
            ? crates(d)
            : d?.plugin === GITHUB_PLUGIN
              ? github(d)
              : section(
                  `${escape(p.plugin)} (${p.status})`,
                  p.lines.length ? ["```text", ...p.lines, "```"] : [],
                  p.lines.length,
                );
  return [...(problems.length ? [...problems, ""] : []), ...body];
}
