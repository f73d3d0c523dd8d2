import type { BinariesPlanData, BinariesTargetData, BuildPlan, IncludeData } from "./plan.js";

/** One line per included file: where it goes, and where it comes from when that is not the same path. */
export function includeLines(includes: readonly IncludeData[], generated: readonly string[] = []): string[] {
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

/** The plan as a few lines: the builds and their exact commands, then every file written to the dist folder. */
export function binariesPreviewLines(p: BinariesPlanData): string[] {
  const count = `${p.targets.length} target${p.targets.length === 1 ? "" : "s"}`;
  const lines: string[] = [];
  if (p.prebuilt) {
    lines.push(
      `Would collect the binaries of ${p.version} for ${count} from ${p.prebuilt} (built elsewhere)`,
    );
  } else {
    lines.push(`Would build ${p.name} ${p.version} for ${count}:`);
    lines.push(...buildLines(p).map((l) => `  ${l}`));
  }
  for (const t of p.targets)
    if (t.codesign)
      lines.push(`  codesign: ${t.codesign[0]} for ${t.target}${p.prebuilt ? " (in its build job)" : ""}`);
  lines.push(...includeLines(p.includes ?? [], p.generated));
  const dir = p.distDir.replace(/\/+$/, "");
  lines.push(`Would write to ${dir}/:`);
  for (const t of p.targets) lines.push(`  ${t.target}: ${t.archive} and ${t.checksum}`);
  lines.push(`  ${p.checksums} and manifest.json`);
  return lines;
}

type BuildLineTarget = Pick<
  BinariesTargetData,
  "target" | "builder" | "reason" | "profile" | "features" | "binaries" | "smokeTested"
>;

/** Each target with its builder and why, then each command. */
function buildLines(p: { targets: readonly BuildLineTarget[]; commands: readonly string[][] }): string[] {
  const lines = p.targets.map(
    (t) =>
      `${t.target}: ${t.builder} (${t.reason}), profile ${t.profile}${t.features.length > 0 ? `, features ${t.features.join(",")}` : ""}; ${t.binaries.join(", ")}${t.smokeTested ? "; smoke-tested" : ""}`,
  );
  for (const c of p.commands) lines.push(`$ ${c.join(" ")}`);
  return lines;
}

/** A build plan as lines for a dry-run or a PR preview: each target with its builder and why, then each command. */
export const describePlan = (plan: BuildPlan): string[] =>
  buildLines({
    targets: plan.targets.map((t) => ({
      ...t,
      binaries: t.binaries.map((b) => b.name),
      smokeTested: t.runsOnHost,
    })),
    commands: plan.groups.map((g) => [g.program, ...g.args]),
  });
