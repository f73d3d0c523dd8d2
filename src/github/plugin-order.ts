import type { Context } from "../types.js";

const nameOf = (entry: unknown): unknown => (Array.isArray(entry) ? entry[0] : entry);

/**
 * Whether @semantic-release/github publishes after this plugin: it would then try to create the release this
 * plugin already published, which GitHub refuses.
 */
export function upstreamListedAfter(context: Context, self = "semantic-release-rust/github"): boolean {
  const names = (context.options?.plugins ?? []).map(nameOf);
  const ours = names.indexOf(self);
  const upstream = names.lastIndexOf("@semantic-release/github");
  return ours >= 0 && upstream > ours;
}
