import type { BranchSpec, Logger } from "../types.js";
import { getError } from "../errors/get-error.js";
import { ARTIFACTS_START } from "../binaries/release-notes.js";
import { planAssets } from "./plan.js";
import type { GitHubClient } from "./http-client.js";
import type { ReleaseInput } from "./release-input.js";
import { updateRelease, type RemoteRelease } from "./releases.js";
import { listAssetsWithDigests } from "./remote-digest.js";
import { makeLatest, withNotesSections } from "./release-fields.js";
import { uploadAssets } from "./upload-assets.js";
import { checkDigests } from "./verify-digests.js";
import { timed } from "../summary/timings.js";
import { registerAttestation } from "./attestations.js";

export const RELEASE_NAME = "GitHub release";

/**
 * Fills an existing release: refreshes the artifact table of its notes, uploads what is not there yet, checks
 * every digest, then takes it out of draft unless `draftRelease`. Safe to run again: matching assets are skipped.
 */
export async function completeRelease(
  client: GitHubClient,
  input: ReleaseInput,
  found: RemoteRelease,
  o: { branch: BranchSpec | undefined; logger: Logger; newerRelease?: string | undefined },
) {
  const { settings: s, assets } = input;
  const { logger } = o;
  let release = found;
  const body = withNotesSections(input.body || (release.body ?? ""), input.manifest, release);
  const sectionsAdded = body !== input.body;
  if (body && release.body !== body && (sectionsAdded || (release.body ?? "").includes(ARTIFACTS_START))) {
    release = await updateRelease(client, s, release.id, { body });
    logger.log("Refreshed the notes of release %s (install sections and artifact table)", release.tag_name);
  }

  const plan = planAssets(assets, await listAssetsWithDigests(client, s, release.id, assets, logger), {
    replaceAssets: s.config.replaceAssets,
  });
  if (plan.duplicates.length) throw getError("EDUPLICATEASSET", { names: plan.duplicates });
  if (plan.conflicts.length)
    throw getError("EASSETCONFLICT", { release: release.tag_name, assets: plan.conflicts });
  const timing = {
    distDir: input.distDir,
    version: input.nextRelease.version,
    step: "upload",
    label: `${plan.actions.length} assets`,
  };
  const { uploaded, skipped } = await timed(timing, () =>
    uploadAssets(client, s, release, plan.actions, logger),
  );

  const locals = plan.actions.map((a) => a.local);
  const mismatches = checkDigests(locals, await listAssetsWithDigests(client, s, release.id, locals, logger));
  if (mismatches.length)
    throw getError("EDIGESTMISMATCH", {
      release: release.tag_name,
      assets: mismatches,
      draft: release.draft,
    });
  logger.log(
    "Verified %d asset digests (%d uploaded, %d already there)",
    plan.actions.length,
    uploaded,
    skipped,
  );

  if (s.config.attestations)
    await registerAttestation(client, s, { manifest: input.manifest, distDir: input.distDir, logger });

  if (release.draft && !s.config.draftRelease) {
    // A higher version already published keeps GitHub's "latest" (`finish` of an older tag sets `newerRelease`).
    const latest = o.newerRelease ? "false" : makeLatest(o.branch);
    release = await updateRelease(client, s, release.id, { draft: false, make_latest: latest });
    logger.log(
      "Published GitHub release: %s%s",
      release.html_url,
      o.newerRelease ? ` (not latest: ${o.newerRelease} is newer)` : "",
    );
  } else if (release.draft)
    logger.log("Left GitHub release %s a draft (draftRelease): %s", release.tag_name, release.html_url);
  return { name: RELEASE_NAME, url: release.html_url, id: release.id, uploaded, skipped };
}
