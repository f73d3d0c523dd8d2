import { cargoPlanData, type CargoPlanData, type VersionPlan } from "./plan.js";

/** The bump's data as a few lines, for logs, dry runs and the CLI. */
export function cargoPreviewLines(plan: CargoPlanData): string[] {
  return [
    `Bump ${plan.packages.join(", ")} from ${plan.from} to ${plan.to}`,
    ...plan.files.map((f) => `  ${f.file}: ${f.changes.map((c) => c.location).join(", ")}`),
    ...plan.skipped.map((s) => `  ${s.file}: ${s.location} = "${s.requirement}" left as written`),
  ];
}

/** The plan in a few lines, for logs, dry runs and the CLI. */
export const describeVersionPlan = (plan: VersionPlan): string[] => cargoPreviewLines(cargoPlanData(plan));
