import type { BranchSpec } from "../types.js";

interface ConfiguredBranch {
  name: string;
  channel?: string | false | null;
  prerelease?: string | boolean;
}

/** semantic-release's default `branches`, for a configuration without them. */
const DEFAULT_BRANCHES: unknown[] = ["main", "master", "next", { name: "beta", prerelease: true }];

const normalise = (b: unknown): ConfiguredBranch | undefined =>
  typeof b === "string"
    ? { name: b }
    : typeof b === "object" && b !== null && typeof (b as ConfiguredBranch).name === "string"
      ? (b as ConfiguredBranch)
      : undefined;

/** A maintenance range such as `1.x` or `+([0-9])?(.{+([0-9]),x}).x`: not where a main release comes from. */
const isMaintenance = (name: string) => /\.x$/.test(name);

/**
 * The branch and channel a resumed release belongs to. Without `channel`: the first release branch of `branches`,
 * on the main channel (`null`). With one: the configured branch publishing to it (by `channel`, else by name, as
 * semantic-release names the channels of later branches), marked a prerelease when that branch is one.
 */
export function resumeBranch(
  branches: unknown,
  channel: string | undefined,
): { branch: BranchSpec; channel: string | null } {
  const list = (Array.isArray(branches) ? branches : branches === undefined ? DEFAULT_BRANCHES : [branches])
    .map(normalise)
    .filter((b): b is ConfiguredBranch => b !== undefined && !isMaintenance(b.name));
  const first = list[0] ?? { name: "main" };
  if (channel === undefined) {
    const own = typeof first.channel === "string" && first.channel ? first.channel : null;
    return { branch: { name: first.name, channel: own, type: "release", main: true }, channel: own };
  }
  const found = list.find((b, i) => (b.channel ?? (i === 0 ? undefined : b.name)) === channel) ??
    list.find((b) => b.name === channel) ?? { name: channel };
  const prerelease = found.prerelease;
  return {
    branch: {
      name: found.name,
      channel,
      type: prerelease ? "prerelease" : "release",
      main: false,
      ...(prerelease !== undefined ? { prerelease } : {}),
    },
    channel,
  };
}
