import { expectedArchive, type ArchiveSettings } from "./archive-settings.js";
import type { BuildPlan } from "./plan.js";
import { SHA256SUMS } from "./checksums.js";
import type { ResolvedInclude } from "./include-globs.js";

/** What the binaries plugin would do for a version, as plain data: printed by dry-runs and `plan`. */
export interface BinariesPreview {
  version: string;
  /** The dist folder as configured (`dist`). */
  distDir: string;
  /** The matrix jobs' output folder, when the builds happen elsewhere. */
  prebuilt?: string;
  /** The builds (absent with `prebuilt`). */
  plan?: BuildPlan;
  /** One archive per target, in target order. */
  archives: { target: string; file: string }[];
  /** The files every archive includes (see `resolveIncludes`), when known. */
  includes?: readonly IncludeLine[];
  /** `includeGenerated` patterns: build outputs packaged from disk once built. */
  generated?: readonly string[];
}

/** One included file as the preview shows it. */
type IncludeLine = Pick<ResolvedInclude, "dest" | "from" | "linkTarget" | "onDisk">;

/** One line per included file: where it goes, and where it comes from when that is not the same path. */
export function includeLines(includes: readonly IncludeLine[], generated: readonly string[] = []): string[] {
  if (includes.length === 0 && generated.length === 0) return [];
  const lines = [`Would include in every archive (files of the release commit unless said):`];
  for (const i of includes) {
    const origin = i.from === i.dest ? "" : ` <- ${i.from}`;
    const how =
      i.linkTarget !== undefined
        ? ` (link to ${i.linkTarget}, a copy in zip)`
        : i.onDisk === "written"
          ? " (from disk: written by the release)"
          : "";
    lines.push(`  ${i.dest}${origin}${how}`);
  }
  for (const g of generated) lines.push(`  ${g} (includeGenerated: built files, from disk)`);
  return lines;
}

/** The archive every target gets for a version. Pure. */
export const plannedArchives = (
  settings: ArchiveSettings,
  o: { name: string; version: string; targets: readonly string[] },
): BinariesPreview["archives"] =>
  o.targets.map((target) => ({
    target,
    file: expectedArchive(settings, { name: o.name, version: o.version, target }),
  }));

/** The preview as a few lines: the builds and their exact commands, then every file written to the dist folder. */
export function binariesPreviewLines(p: BinariesPreview): string[] {
  const count = `${p.archives.length} target${p.archives.length === 1 ? "" : "s"}`;
  const lines: string[] = [];
  if (p.prebuilt || !p.plan) {
    lines.push(
      `Would collect the binaries of ${p.version} for ${count} from ${p.prebuilt ?? "?"} (built elsewhere)`,
    );
  } else {
    lines.push(`Would build ${p.plan.name} ${p.version} for ${count}:`);
    lines.push(...describePlan(p.plan).map((l) => `  ${l}`));
  }
  lines.push(...includeLines(p.includes ?? [], p.generated));
  const dir = p.distDir.replace(/\/+$/, "");
  lines.push(`Would write to ${dir}/:`);
  for (const a of p.archives) lines.push(`  ${a.target}: ${a.file} and ${a.file}.sha256`);
  lines.push(`  ${SHA256SUMS} and manifest.json`);
  return lines;
}

/** The plan as lines for a dry-run or a PR preview: each target with its builder and why, then each command. */
export function describePlan(plan: BuildPlan): string[] {
  const lines = plan.targets.map(
    (t) =>
      `${t.target}: ${t.builder} (${t.reason}), profile ${t.profile}${t.features.length > 0 ? `, features ${t.features.join(",")}` : ""}; ${t.binaries.map((b) => b.name).join(", ")}${t.runsOnHost ? "; smoke-tested" : ""}`,
  );
  for (const g of plan.groups) lines.push(`$ ${[g.program, ...g.args].join(" ")}`);
  return lines;
}
