import type { BuildPlan } from "./plan.js";

/** The plan as lines for a dry-run or a PR preview: each target with its builder and why, then each command. */
export function describePlan(plan: BuildPlan): string[] {
  const lines = plan.targets.map(
    (t) =>
      `${t.target}: ${t.builder} (${t.reason}), profile ${t.profile}${t.features.length > 0 ? `, features ${t.features.join(",")}` : ""}; ${t.binaries.map((b) => b.name).join(", ")}${t.runsOnHost ? "; smoke-tested" : ""}`,
  );
  for (const g of plan.groups) lines.push(`$ ${[g.program, ...g.args].join(" ")}`);
  return lines;
}
