import { getError } from "../errors/get-error.js";

/** Cargo's numeric version parts are `u64`. */
export const U64_MAX = 18446744073709551615n;

/** A version as cargo's `semver` crate reads it. */
interface CargoVersion {
  major: bigint;
  minor: bigint;
  patch: bigint;
  /** Prerelease identifiers (`beta`, `1` for `-beta.1`); empty for a release. */
  pre: string[];
  build: string[];
}

const SHAPE = /^([0-9]+)\.([0-9]+)\.([0-9]+)(?:-([^+]*))?(?:\+(.*))?$/s;
const IDENTIFIER = /^[0-9A-Za-z-]+$/;
const DIGITS = /^[0-9]+$/;
const PARTS = ["major", "minor", "patch"] as const;

function identifiersProblem(text: string, what: "pre-release" | "build metadata"): string | undefined {
  for (const id of text.split(".")) {
    if (id === "") return `empty identifier in the ${what} \`${text}\``;
    if (!IDENTIFIER.test(id))
      return `the ${what} identifier \`${id}\` has a character other than [0-9A-Za-z-]`;
    if (what === "pre-release" && DIGITS.test(id) && id.length > 1 && id.startsWith("0"))
      return `the pre-release identifier \`${id}\` has a leading zero`;
  }
  return undefined;
}

/**
 * Reads `version` by the rules of cargo's `semver` crate (SemVer 2.0): `MAJOR.MINOR.PATCH` without leading zeros,
 * each at most u64::MAX, then an optional `-prerelease` (dot-separated `[0-9A-Za-z-]+` identifiers, numeric ones
 * without leading zeros) and `+build` (the same, leading zeros allowed). Returns why cargo would refuse it instead.
 */
function parseCargoVersion(version: string): CargoVersion | { problem: string } {
  const m = SHAPE.exec(version);
  if (!m)
    return { problem: "expected MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD] (such as 1.4.0 or 2.0.0-beta.1)" };
  const numbers: bigint[] = [];
  for (const [i, part] of PARTS.entries()) {
    const digits = m[i + 1] as string;
    if (digits.length > 1 && digits.startsWith("0"))
      return { problem: `the ${part} ${digits} has a leading zero` };
    const n = BigInt(digits);
    if (n > U64_MAX) return { problem: `the ${part} ${digits} is above ${U64_MAX} (cargo's u64 limit)` };
    numbers.push(n);
  }
  const [pre, build] = [m[4], m[5]];
  const problem =
    (pre === undefined ? undefined : identifiersProblem(pre, "pre-release")) ??
    (build === undefined ? undefined : identifiersProblem(build, "build metadata"));
  if (problem) return { problem };
  const [major, minor, patch] = numbers as [bigint, bigint, bigint];
  return { major, minor, patch, pre: pre?.split(".") ?? [], build: build?.split(".") ?? [] };
}

/** Why cargo would refuse `version` as a package version; `undefined` when it accepts it. */
export function versionProblem(version: string): string | undefined {
  const parsed = parseCargoVersion(version);
  return "problem" in parsed ? parsed.problem : undefined;
}

/** Whether cargo accepts `version` as a package version. The one version check of this package. */
export const isCargoVersion = (version: string): boolean => versionProblem(version) === undefined;

/** The version read as cargo reads it; `EINVALIDVERSION` (saying why) when cargo would refuse it. */
export function checkCargoVersion(version: string): CargoVersion {
  const parsed = parseCargoVersion(version);
  if ("problem" in parsed) throw getError("EINVALIDVERSION", { version, reason: parsed.problem });
  return parsed;
}

const compareIdentifiers = (a: string, b: string): number => {
  const [an, bn] = [DIGITS.test(a), DIGITS.test(b)];
  if (an && bn) return BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0;
  if (an !== bn) return an ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
};

/** SemVer precedence of two valid versions (build metadata ignored), without node-semver's 2^53 limit. */
export function compareVersions(a: string, b: string): number {
  const [x, y] = [checkCargoVersion(a), checkCargoVersion(b)];
  for (const part of PARTS) if (x[part] !== y[part]) return x[part] < y[part] ? -1 : 1;
  // A release ranks above its prereleases.
  if (x.pre.length === 0 || y.pre.length === 0) return Math.sign(y.pre.length - x.pre.length);
  for (let i = 0; i < Math.min(x.pre.length, y.pre.length); i++) {
    const c = compareIdentifiers(x.pre[i] as string, y.pre[i] as string);
    if (c !== 0) return c;
  }
  return Math.sign(x.pre.length - y.pre.length);
}
