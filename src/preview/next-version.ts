import semver from "semver";
import type { BaseBranch } from "./branches.js";
import type { ReleaseTag } from "../git/release-tags.js";

export type ReleaseType = "major" | "minor" | "patch";

/** The release semantic-release would make last: the highest tag it counts on the base branch's type. */
export function lastReleaseOf(tags: ReleaseTag[], branch: BaseBranch): ReleaseTag | undefined {
  return tags.find((t) => {
    const pre = semver.prerelease(t.version);
    return !pre || (branch.type === "prerelease" && pre[0] === branch.prerelease);
  });
}

/**
 * The next version as semantic-release computes it (`get-next-version`): the first release is 1.0.0 (or
 * `1.0.0-<pre>.1`); a prerelease branch continues its prerelease or starts `<bump>-<pre>.1`.
 */
export function nextVersionOf(
  last: ReleaseTag | undefined,
  type: ReleaseType,
  branch: BaseBranch,
  tags: ReleaseTag[],
): string {
  const pre = branch.prerelease;
  if (!last) return branch.type === "prerelease" ? `1.0.0-${pre}.1` : "1.0.0";
  if (branch.type !== "prerelease") return semver.inc(last.version, type)!;
  if (!semver.prerelease(last.version)) return `${semver.inc(last.version, type)}-${pre}.1`;
  const continued = semver.inc(last.version, "prerelease")!;
  const latestFinal = tags.find((t) => !semver.prerelease(t.version));
  if (!latestFinal) return continued;
  const fresh = `${semver.inc(latestFinal.version, type)}-${pre}.1`;
  return semver.gt(fresh, continued) ? fresh : continued;
}

/** Why a maintenance branch would refuse the version (semantic-release's EINVALIDNEXTVERSION), if it would. */
export function outOfRange(version: string, branch: BaseBranch): string | undefined {
  if (branch.type !== "maintenance" || !branch.range) return undefined;
  if (semver.satisfies(version, branch.range)) return undefined;
  return `${version} is outside the range ${branch.range} of the maintenance branch ${branch.name}: semantic-release would refuse to release it (EINVALIDNEXTVERSION)`;
}
