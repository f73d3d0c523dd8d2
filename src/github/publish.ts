import { isAbsolute, resolve } from "node:path";
import type { Context } from "../types.js";
import { getError, throwAll } from "../errors/get-error.js";
import { manifestPath, readManifest } from "../manifest/dist-manifest.js";
import { collectAssets } from "./collect-assets.js";
import { planAssets } from "./asset-plan.js";
import { createRelease, findRelease, listAssets, updateRelease } from "./releases.js";
import { makeLatest, newReleaseFields, releaseBody } from "./release-fields.js";
import { makeClient, resolveSettings } from "./settings.js";
import { uploadAssets } from "./upload-assets.js";
import { checkDigests } from "./verify-digests.js";

export const RELEASE_NAME = "GitHub release";

/** Test seams: a shorter first backoff than the default 500 ms. */
export interface PublishDeps {
  baseDelayMs?: number;
}

/**
 * Finds or creates the release of `nextRelease.gitTag` (a draft while assets upload), uploads the manifest's
 * archives and checksums and the `assets` globs, verifies every digest, then publishes it unless `draftRelease`.
 */
export async function publishGithub(
  pluginConfig: Record<string, unknown>,
  context: Context,
  deps: PublishDeps = {},
) {
  const { settings: s, errors } = resolveSettings(pluginConfig, context);
  throwAll(errors);
  const { logger, nextRelease } = context;
  if (!nextRelease) throw new Error("publish needs nextRelease");
  const cwd = context.cwd ?? ".";
  const distAbs = isAbsolute(s.config.distDir) ? s.config.distDir : resolve(cwd, s.config.distDir);
  const manifest = await readManifest(distAbs);
  if (!manifest && !s.config.assets?.length) {
    throw getError("EDISTMANIFEST", { path: manifestPath(s.config.distDir), reason: "it does not exist" });
  }
  // Every file is checked before anything is created or leaves draft.
  const vars = {
    version: nextRelease.version,
    gitTag: nextRelease.gitTag,
    channel: nextRelease.channel ?? "",
  };
  const { assets, missing } = await collectAssets({
    cwd,
    distDir: s.config.distDir,
    manifest,
    assets: s.config.assets ?? [],
    assetLabel: s.config.assetLabel,
    vars,
  });
  if (missing.length) throw getError("EMISSINGASSET", { files: missing });

  const client = makeClient(s, context, deps.baseDelayMs);
  const body = releaseBody(nextRelease.notes, manifest);
  let release = await findRelease(client, s, nextRelease.gitTag);
  if (!release) {
    release = await createRelease(client, s, newReleaseFields(nextRelease, context.branch, body));
    logger.log("Created GitHub draft release %s: %s", release.tag_name, release.html_url);
  } else {
    logger.log(
      "Found GitHub %srelease %s: %s",
      release.draft ? "draft " : "",
      release.tag_name,
      release.html_url,
    );
    if (body && release.body !== body && (release.body ?? "").includes("semantic-release-rust:artifacts")) {
      release = await updateRelease(client, s, release.id, { body });
    }
  }

  const plan = planAssets(assets, await listAssets(client, s, release.id), {
    replaceAssets: s.config.replaceAssets,
  });
  if (plan.duplicates.length) throw getError("EDUPLICATEASSET", { names: plan.duplicates });
  if (plan.conflicts.length)
    throw getError("EASSETCONFLICT", { release: release.tag_name, assets: plan.conflicts });
  const { uploaded, skipped } = await uploadAssets(client, s, release, plan.actions, logger);

  const mismatches = checkDigests(
    plan.actions.map((a) => a.local),
    await listAssets(client, s, release.id),
  );
  if (mismatches.length) throw getError("EDIGESTMISMATCH", { release: release.tag_name, assets: mismatches });
  logger.log(
    "Verified %d asset digests (%d uploaded, %d already there)",
    plan.actions.length,
    uploaded,
    skipped,
  );

  if (release.draft && !s.config.draftRelease) {
    release = await updateRelease(client, s, release.id, {
      draft: false,
      make_latest: makeLatest(context.branch),
    });
    logger.log("Published GitHub release: %s", release.html_url);
  } else if (release.draft)
    logger.log("Left GitHub release %s a draft (draftRelease): %s", release.tag_name, release.html_url);
  return { name: RELEASE_NAME, url: release.html_url, id: release.id };
}
