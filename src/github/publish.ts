import { UPSTREAM_GITHUB } from "../plugins.js";
import type { Context } from "../types.js";
import { completeRelease, RELEASE_NAME } from "./complete-release.js";
import { upstreamListedAfter } from "./plugin-order.js";
import { readReleaseInput } from "./release-input.js";
import { createRelease, findRelease } from "./releases.js";
import { newReleaseFields } from "./release-fields.js";
import { loadGithubConfig, makeClient, type ClientDeps } from "./config.js";
import { publishSplitDraft } from "./split-draft.js";

export { RELEASE_NAME };

/** Test seams: the clock and sleep of retry waits, a shorter first backoff than the default 500 ms. */
export type PublishDeps = ClientDeps;

/**
 * Finds or creates the release of `nextRelease.gitTag` (a draft while assets upload), uploads the manifest's
 * archives and checksums and the `assets` globs, verifies every digest, then publishes it unless `draftRelease`.
 *
 * When @semantic-release/github publishes after this plugin it must be the one to create the release (it always
 * POSTs one, and GitHub refuses a second for the tag): then every file is checked here, nothing is sent, and
 * `false` tells semantic-release this plugin made no release; the `success` step uploads the assets.
 * In the split release (`rustRelease: "split"`) it only makes the draft: `semantic-release-rust finish` fills it.
 */
export async function publish(
  pluginConfig: Record<string, unknown>,
  context: Context,
  deps: PublishDeps = {},
) {
  if (loadGithubConfig(pluginConfig, context).settings.config.rustRelease === "split")
    return publishSplitDraft(pluginConfig, context, deps);
  const input = await readReleaseInput(pluginConfig, context, "publish");
  const { logger } = context;
  const { settings: s, nextRelease } = input;
  if (upstreamListedAfter(context)) {
    logger.log(
      "%s is listed after this plugin and creates the release of %s; its %d assets are uploaded in the success step",
      UPSTREAM_GITHUB,
      nextRelease.gitTag,
      input.assets.length,
    );
    return false as const;
  }

  const client = makeClient(s, context, deps);
  let release = await findRelease(client, s, nextRelease.gitTag);
  if (!release) {
    release = await createRelease(client, s, newReleaseFields(nextRelease, context.branch, input.body));
    logger.log("Created GitHub draft release %s: %s", release.tag_name, release.html_url);
  } else {
    logger.log(
      "Found GitHub %srelease %s: %s",
      release.draft ? "draft " : "",
      release.tag_name,
      release.html_url,
    );
  }
  const done = await completeRelease(client, input, release, {
    branch: context.branch,
    logger,
    newerRelease: context.options?.newerRelease,
  });
  return { name: RELEASE_NAME, url: done.url, id: done.id };
}
