import type { VersionPlan } from "./plan.js";

/** The plan in a few lines, for logs, dry runs and the CLI. */
export function describeVersionPlan(plan: VersionPlan): string[] {
  return [
    `Bump ${plan.packages.join(", ")} from ${plan.from} to ${plan.to}`,
    ...plan.files.map((f) => `  ${f.displayPath}: ${f.changes.map((c) => c.location).join(", ")}`),
    ...plan.skipped.map((s) => `  ${s.file}: ${s.location} = "${s.requirement}" left as written`),
  ];
}
