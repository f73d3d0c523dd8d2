import semver from "semver";
import type { ReleaseConfig } from "../config/release-config.js";

/** semantic-release's default `branches`. */
export const DEFAULT_BRANCHES: unknown[] = [
  "+([0-9])?(.{+([0-9]),x}).x",
  "master",
  "main",
  "next",
  "next-major",
  { name: "beta", prerelease: true },
  { name: "alpha", prerelease: true },
];

/** The branch a pull request merges into, typed as semantic-release types its `branches`. */
export interface BaseBranch {
  name: string;
  type: "release" | "prerelease" | "maintenance";
  /** The prerelease identifier (`beta` in `1.1.0-beta.1`). */
  prerelease?: string;
  /** The version range a maintenance branch may release (`>=1.0.0 <2.0.0` for `1.x`). */
  range?: string;
}

interface BranchEntry {
  name: string;
  prerelease?: unknown;
  range?: unknown;
}

const MAINTENANCE_NAME = /^(\d+)(?:\.(\d+|x))?\.x$/;

/** The `branches` entries of the release config (semantic-release's default when not set). */
export function branchEntries(rc: ReleaseConfig | undefined): BranchEntry[] {
  const raw = rc?.globals.branches ?? DEFAULT_BRANCHES;
  return (Array.isArray(raw) ? raw : [raw]).flatMap((b: unknown): BranchEntry[] => {
    if (typeof b === "string") return [{ name: b }];
    if (typeof b === "object" && b !== null && typeof (b as BranchEntry).name === "string")
      return [b as BranchEntry];
    return [];
  });
}

/** Whether a branch name matches an entry's name, which may be a glob (`+([0-9])?(.{+([0-9]),x}).x`, `release/*`). */
function nameMatches(pattern: string, name: string): boolean {
  if (pattern === name) return true;
  if (pattern === DEFAULT_BRANCHES[0]) return MAINTENANCE_NAME.test(name);
  if (!/[*?+@!(){}[\]]/.test(pattern)) return false;
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, "[^/]*")
    .replace(/\?/g, ".");
  return new RegExp(`^${re}$`).test(name);
}

/** The range of a maintenance branch: its `range`, else from its name (`1.x` → `>=1.0.0 <2.0.0`). */
function maintenanceRange(entry: BranchEntry, name: string): string | undefined {
  const written = typeof entry.range === "string" ? entry.range : name;
  const m = MAINTENANCE_NAME.exec(written);
  if (m) {
    const major = Number(m[1]);
    return m[2] === undefined || m[2] === "x"
      ? `>=${major}.0.0 <${major + 1}.0.0`
      : `>=${major}.${m[2]}.0 <${major}.${Number(m[2]) + 1}.0`;
  }
  return semver.validRange(written) ?? undefined;
}

/** The release branches of `branches` (neither prerelease nor maintenance, no glob), in order: default bases. */
export function releaseBranchNames(rc: ReleaseConfig | undefined): string[] {
  return branchEntries(rc)
    .filter((b) => !b.prerelease && b.range === undefined && !MAINTENANCE_NAME.test(b.name))
    .filter((b) => !/[*?(){}]/.test(b.name))
    .map((b) => b.name);
}

/** The base branch as `branches` types it; `undefined` when it is no release branch (merging releases nothing). */
export function typeBranch(rc: ReleaseConfig | undefined, name: string): BaseBranch | undefined {
  const entry = branchEntries(rc).find((b) => nameMatches(b.name, name));
  if (!entry) return undefined;
  if (entry.prerelease !== undefined && entry.prerelease !== false) {
    const id = typeof entry.prerelease === "string" ? entry.prerelease : name;
    return { name, type: "prerelease", prerelease: id };
  }
  if (entry.range !== undefined || MAINTENANCE_NAME.test(name)) {
    const range = maintenanceRange(entry, name);
    return { name, type: "maintenance", ...(range ? { range } : {}) };
  }
  return { name, type: "release" };
}
