import { getError } from "../errors/get-error.js";
import type { SemanticReleaseError } from "../errors/semantic-release-error.js";
import type { PlanProblem } from "./plan.js";

/** Turns the problems of a plan into coded errors, unknown targets reported together. */
export function planErrors(problems: readonly PlanProblem[]): SemanticReleaseError[] {
  const errors: SemanticReleaseError[] = [];
  const unknown = problems.flatMap((p) => (p.kind === "unknown-target" ? [p.target] : []));
  if (unknown.length > 0) errors.push(getError("EUNKNOWNTARGET", { targets: unknown }));
  for (const p of problems) {
    if (p.kind === "no-builder") errors.push(getError("ENOBUILDER", p));
    else if (p.kind === "no-std") errors.push(getError("ENOTARGETSTD", p));
    else if (p.kind === "no-auto-builder") errors.push(getError("ENOAUTOBUILDER", p));
    else if (p.kind === "unknown-bin") errors.push(getError("EUNKNOWNBIN", p));
    else if (p.kind === "no-binaries") errors.push(getError("ENOBINARIES", p));
  }
  return errors;
}
