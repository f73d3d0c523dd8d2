import semver from "semver";

/**
 * One simple requirement with an operator that still admits a raised version: `=`, `^`, `~`, `>=` or none.
 * Groups: leading space, operator, space after it, partial version, trailing space.
 */
const SIMPLE_REQUIREMENT =
  /^(\s*)(=|\^|~|>=)?(\s*)(\d+(?:\.\d+(?:\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)?)?)(\s*)$/;

/**
 * The requirement `requirement` rewritten to ask for `version`, keeping the user's operator and spacing:
 * `^0.1.0` → `^0.2.0`, `= 0.1` → `= 0.2.0`, `0.1` → `0.2.0`. Build metadata is dropped (Cargo ignores it in
 * requirements). Returns `undefined` for what cannot be carried over as is: compound requirements
 * (`>=0.1, <0.3`), wildcards (`*`, `0.1.*`), and the upper-bound operators `<`, `<=`, `>`.
 */
export function bumpRequirement(requirement: string, version: string): string | undefined {
  const m = SIMPLE_REQUIREMENT.exec(requirement);
  if (!m) return undefined;
  const [, lead = "", op = "", gap = "", , trail = ""] = m;
  return `${lead}${op}${gap}${version.replace(/\+.*$/, "")}${trail}`;
}

/**
 * Whether a Cargo requirement (`>=0.1, <0.3`, `0.1.*`, `^1.2`, `*`) admits `version`, read with node-semver after
 * turning Cargo's syntax into a range (a bare version is a caret requirement, commas join comparators).
 * `undefined` when the requirement cannot be read.
 */
export function requirementAdmits(requirement: string, version: string): boolean | undefined {
  const parts = requirement.split(",").map((p) => p.trim());
  if (parts.some((p) => p === "")) return undefined;
  const range = parts
    .map((p) => (/^\d/.test(p) && !/[*xX]/.test(p) ? `^${p}` : p.replace(/\s+/g, "")))
    .join(" ");
  if (semver.validRange(range) === null) return undefined;
  return semver.satisfies(version.replace(/\+.*$/, ""), range);
}
