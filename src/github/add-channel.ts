import type { Context } from "../types.js";
import { getError, throwAll } from "../errors/get-error.js";
import { createRelease, findRelease, updateRelease } from "./releases.js";
import { isPrerelease, makeLatest } from "./release-fields.js";
import { RELEASE_NAME } from "./complete-release.js";
import { makeClient, loadGithubConfig } from "./config.js";

/** A version reaches another channel: the release's prerelease flag and `make_latest` follow the new branch. */
export async function addChannel(pluginConfig: Record<string, unknown>, context: Context) {
  const { settings: s, errors } = loadGithubConfig(pluginConfig, context);
  throwAll(errors);
  const { nextRelease, branch, logger } = context;
  if (!nextRelease) throw getError("ENONEXTRELEASE", { step: "addChannel" });
  const client = makeClient(s, context);
  const fields = { prerelease: isPrerelease(branch), make_latest: makeLatest(branch) };
  const found = await findRelease(client, s, nextRelease.gitTag);
  if (!found) {
    logger.log("There is no release for tag %s, creating a new one", nextRelease.gitTag);
    const created = await createRelease(client, s, {
      tag_name: nextRelease.gitTag,
      name: nextRelease.name ?? nextRelease.gitTag,
      body: nextRelease.notes ?? "",
      ...fields,
    });
    logger.log("Published GitHub release: %s", created.html_url);
    return { name: RELEASE_NAME, url: created.html_url, id: created.id };
  }
  const updated = await updateRelease(client, s, found.id, fields);
  logger.log(
    "Updated GitHub release %s (prerelease: %s, latest: %s): %s",
    updated.tag_name,
    fields.prerelease,
    fields.make_latest,
    updated.html_url,
  );
  return { name: RELEASE_NAME, url: updated.html_url, id: updated.id };
}
