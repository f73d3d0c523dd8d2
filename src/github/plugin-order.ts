import { GITHUB_PLUGIN, pluginName as nameOf, UPSTREAM_GITHUB } from "../plugins.js";
import { getError } from "../errors/get-error.js";
import type { SemanticReleaseError } from "../errors/semantic-release-error.js";
import type { Context } from "../types.js";

/**
 * Whether @semantic-release/github runs its steps after this plugin. Its publish always creates the release
 * (GitHub refuses a second one for the tag), so this plugin's publish then leaves the release to it.
 */
export function upstreamListedAfter(context: Context, self = GITHUB_PLUGIN): boolean {
  const names = (context.options?.plugins ?? []).map(nameOf);
  const ours = names.indexOf(self);
  const upstream = names.lastIndexOf(UPSTREAM_GITHUB);
  return ours >= 0 && upstream > ours;
}

/**
 * Whether @semantic-release/github is listed with this plugin (in either order) without `draftRelease: true`,
 * in its own entry or as a global option: its publish then creates a public release before this plugin's
 * assets are uploaded and their digests verified.
 */
function upstreamPublishesEarly(context: Context, self = GITHUB_PLUGIN): boolean {
  const plugins = context.options?.plugins ?? [];
  const names = plugins.map(nameOf);
  if (!names.includes(self)) return false;
  const upstream = plugins.filter((p) => nameOf(p) === UPSTREAM_GITHUB);
  const draft = (entry: unknown) =>
    ((Array.isArray(entry) ? (entry[1] as { draftRelease?: unknown } | undefined) : undefined)
      ?.draftRelease ?? context.options?.draftRelease) === true;
  return upstream.some((entry) => !draft(entry));
}

/**
 * Warns when @semantic-release/github would make the release public before the assets are verified, naming
 * the fix; with `requireDraftRelease` that is a refusal (`EPUBLICRELEASE`) instead.
 */
export function checkUpstreamDraft(
  config: { requireDraftRelease: boolean },
  context: Context,
): SemanticReleaseError[] {
  if (!upstreamPublishesEarly(context)) return [];
  if (config.requireDraftRelease) return [getError("EPUBLICRELEASE", { upstream: UPSTREAM_GITHUB })];
  (context.logger.warn ?? context.logger.log)(
    '%s without draftRelease makes the release public before its assets are uploaded and verified; list it as ["%s", {"draftRelease": true}] (this plugin publishes the draft once every digest matches)',
    UPSTREAM_GITHUB,
    UPSTREAM_GITHUB,
  );
  return [];
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
export function publishDeferred(context: Context, self = GITHUB_PLUGIN): boolean {
  return (
    upstreamListedAfter(context, self) &&
    entries(context).some((r) => r.pluginName === self && r.url === undefined)
  );
}

/** The id of the release @semantic-release/github reported for this tag in this run, if any. */
export function upstreamReleaseId(context: Context, tag: string): number | undefined {
  const entry = entries(context).find(
    (r) => r.pluginName === UPSTREAM_GITHUB && typeof r.id === "number" && (r.gitTag ?? tag) === tag,
  );
  return entry?.id as number | undefined;
}
