import { expectedArchive, type ArchiveSettings } from "./archive-settings.js";
import type { BuildPlan } from "./build-plan.js";
import { SHA256SUMS } from "./checksums.js";
import { describePlan } from "./plan-summary.js";

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
  const dir = p.distDir.replace(/\/+$/, "");
  lines.push(`Would write to ${dir}/:`);
  for (const a of p.archives) lines.push(`  ${a.target}: ${a.file} and ${a.file}.sha256`);
  lines.push(`  ${SHA256SUMS} and manifest.json`);
  return lines;
}
