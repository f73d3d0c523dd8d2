import type { Context } from "../types.js";

export const SELF = "semantic-release-rust/github";
export const UPSTREAM = "@semantic-release/github";

const nameOf = (entry: unknown): unknown => (Array.isArray(entry) ? entry[0] : entry);

/**
 * Whether @semantic-release/github runs its steps after this plugin. Its publish always creates the release
 * (GitHub refuses a second one for the tag), so this plugin's publish then leaves the release to it.
 */
export function upstreamListedAfter(context: Context, self = SELF): boolean {
  const names = (context.options?.plugins ?? []).map(nameOf);
  const ours = names.indexOf(self);
  const upstream = names.lastIndexOf(UPSTREAM);
  return ours >= 0 && upstream > ours;
}

interface ReleaseEntry {
  pluginName?: unknown;
  url?: unknown;
  id?: unknown;
  gitTag?: unknown;
}

const entries = (context: Context): ReleaseEntry[] =>
  (context.releases ?? []).filter((r): r is ReleaseEntry => typeof r === "object" && r !== null);

/**
 * Whether this run's publish step left the upload to `success`: semantic-release records a publish that returned
 * `false` as a release holding only `pluginName`. After addChannel (no publish) the entry has a URL, or is absent.
 */
export function publishDeferred(context: Context, self = SELF): boolean {
  return (
    upstreamListedAfter(context, self) &&
    entries(context).some((r) => r.pluginName === self && r.url === undefined)
  );
}

/** The id of the release @semantic-release/github reported for this tag in this run, if any. */
export function upstreamReleaseId(context: Context, tag: string): number | undefined {
  const entry = entries(context).find(
    (r) => r.pluginName === UPSTREAM && typeof r.id === "number" && (r.gitTag ?? tag) === tag,
  );
  return entry?.id as number | undefined;
}
