import { pluginName as nameOf, UPSTREAM_GITHUB } from "../plugins.js";
import { getError, throwAll } from "../errors/get-error.js";
import type { SemanticReleaseError } from "../errors/semantic-release-error.js";
import type { Context } from "../types.js";
import { loadGithubConfig, makeClient, type ClientDeps } from "./config.js";
import { RELEASE_NAME } from "./complete-release.js";
import { upstreamListedAfter } from "./plugin-order.js";
import { newReleaseFields } from "./release-fields.js";
import { createRelease, findRelease } from "./releases.js";

/** What one @semantic-release/github entry (its options over the globals) would publish or announce early. */
function announcing(options: Record<string, unknown>): string[] {
  const reasons: string[] = [];
  if (options.draftRelease !== true) reasons.push("creates a public release (give it `draftRelease: true`)");
  if (options.successComment !== false && options.successCommentCondition !== false) {
    const labels = options.releasedLabels === false ? "" : " and labels them `released`";
    reasons.push(
      `comments on the released issues and pull requests${labels} (give it \`successCommentCondition: false\`)`,
    );
  }
  if (options.addReleases !== undefined && options.addReleases !== false)
    reasons.push("links the release from other releases (`addReleases`; set it to `false`)");
  return reasons;
}

/**
 * verifyConditions in the split release: every @semantic-release/github entry must keep the release a draft and
 * announce nothing, else `ESPLITUPSTREAM` naming the fix.
 */
export function splitUpstreamErrors(context: Context): SemanticReleaseError[] {
  const globals = context.options ?? {};
  return (globals.plugins ?? [])
    .filter((p) => nameOf(p) === UPSTREAM_GITHUB)
    .map((p) => ({ ...globals, ...(Array.isArray(p) ? (p[1] as Record<string, unknown>) : {}) }))
    .map(announcing)
    .filter((reasons) => reasons.length > 0)
    .map((reasons) => getError("ESPLITUPSTREAM", { upstream: UPSTREAM_GITHUB, reasons }));
}

/**
 * publish in the split release: the one release of the tag, as a draft with the notes and no assets (they come
 * with `semantic-release-rust finish`). Found rather than created again on a re-run; left to
 * @semantic-release/github (which then creates the draft) when it is listed after this plugin.
 */
export async function publishSplitDraft(
  pluginConfig: Record<string, unknown>,
  context: Context,
  deps: ClientDeps = {},
) {
  const { settings: s, errors } = loadGithubConfig(pluginConfig, context);
  throwAll(errors);
  const { nextRelease, logger } = context;
  if (!nextRelease) throw getError("ENONEXTRELEASE", { step: "publish" });
  if (upstreamListedAfter(context)) {
    logger.log("%s creates the draft release of %s", UPSTREAM_GITHUB, nextRelease.gitTag);
    return false as const;
  }
  const client = makeClient(s, context, deps);
  const release =
    (await findRelease(client, s, nextRelease.gitTag)) ??
    (await createRelease(client, s, newReleaseFields(nextRelease, context.branch, nextRelease.notes ?? "")));
  logger.log(
    "Split release: %s is a draft until `semantic-release-rust finish --tag %s` uploads and publishes it: %s",
    release.tag_name,
    nextRelease.gitTag,
    release.html_url,
  );
  return { name: RELEASE_NAME, url: release.html_url, id: release.id };
}
