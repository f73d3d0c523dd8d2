import { UPSTREAM_GITHUB } from "../plugins.js";
import type { Context } from "../types.js";
import { getError } from "../errors/get-error.js";
import { completeRelease } from "./complete-release.js";
import type { GitHubClient } from "./http-client.js";
import { publishDeferred, upstreamReleaseId } from "./plugin-order.js";
import type { PublishDeps } from "./publish.js";
import { readReleaseInput } from "./release-input.js";
import { findRelease, getRelease, type RemoteRelease } from "./releases.js";
import { loadGithubConfig, makeClient, type GithubSettings } from "./config.js";
import { GITHUB_PLUGIN } from "../plugins.js";
import { summarySteps } from "../summary/job-summary.js";

/** The release @semantic-release/github made: by the id it reported when it matches the tag, else by tag. */
async function upstreamRelease(
  client: GitHubClient,
  s: GithubSettings,
  context: Context,
  tag: string,
): Promise<RemoteRelease | undefined> {
  const id = upstreamReleaseId(context, tag);
  const byId = id === undefined ? undefined : await getRelease(client, s, id);
  if (byId?.tag_name === tag) return byId;
  return findRelease(client, s, tag);
}

/**
 * semantic-release calls `success` after every plugin's publish. When this plugin's publish deferred to
 * @semantic-release/github (listed after it), the assets go up here, to the release that plugin created: the same
 * checks before sending anything, the same skipping of assets already there, the digest check afterwards. In
 * every other run (this plugin published, or a channel was added) there is nothing left to do.
 */
export async function success(
  pluginConfig: Record<string, unknown>,
  context: Context,
  deps: PublishDeps = {},
) {
  // The split release uploads in `semantic-release-rust finish`, not here.
  const split = loadGithubConfig(pluginConfig, context).settings.config.rustRelease === "split";
  if (publishDeferred(context) && !split) await uploadDeferred(pluginConfig, context, deps);
  await summarySteps(GITHUB_PLUGIN).success(pluginConfig, context);
}

/** The assets publish left to this step: uploaded to the release @semantic-release/github made. */
async function uploadDeferred(pluginConfig: Record<string, unknown>, context: Context, deps: PublishDeps) {
  const input = await readReleaseInput(pluginConfig, context, "success");
  const { settings: s, nextRelease } = input;
  const { logger } = context;
  const client = makeClient(s, context, deps);
  const release = await upstreamRelease(client, s, context, nextRelease.gitTag);
  if (!release)
    throw getError("ENOUPSTREAMRELEASE", { tag: nextRelease.gitTag, owner: s.owner, repo: s.repo });
  logger.log(
    "Uploading assets to the GitHub %srelease %s that %s created: %s",
    release.draft ? "draft " : "",
    release.tag_name,
    UPSTREAM_GITHUB,
    release.html_url,
  );
  await completeRelease(client, input, release, { branch: context.branch, logger });
}
