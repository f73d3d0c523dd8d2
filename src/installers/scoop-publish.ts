import { resolve } from "node:path";
import semver from "semver";
import { INSTALLERS_PLUGIN } from "../plugins.js";
import { getError } from "../errors/get-error.js";
import { HttpClient } from "../http/client.js";
import { readManifest } from "../manifest/dist-manifest.js";
import { cwdOf } from "../util/context.js";
import type { Context } from "../types.js";
import { checkDownloads, type ExpectedDownload } from "./check-downloads.js";
import { needsToken, type InstallersConfig } from "./config.js";
import { pushFiles } from "./git-push.js";
import { windowsZips } from "./plan.js";
import { platformArchives } from "./platforms.js";
import type { PublishDeps } from "./publish.js";
import { readPublishedFile } from "./published-file.js";
import { bucketOf, bucketToken } from "./scoop-bucket.js";

/** The `url`/`hash` pair of each architecture of a Scoop manifest: exactly what `scoop install` will fetch. */
export function scoopDownloads(text: string): ExpectedDownload[] {
  const manifest = JSON.parse(text) as { architecture?: Record<string, { url?: string; hash?: string }> };
  return Object.values(manifest.architecture ?? {}).map((a) => ({ url: a.url ?? "", sha256: a.hash ?? "" }));
}

/** Whether prepare wrote a Scoop manifest: only when the release has a Windows zip. */
async function hasWindowsZip(distDir: string): Promise<boolean> {
  const archives = (await readManifest(distDir))?.artifacts.filter((a) => a.kind === "archive") ?? [];
  return windowsZips(platformArchives(archives)).length > 0;
}

/**
 * Pushes the Scoop manifest to the bucket as `bucket/{name}.json` once every archive it names downloads with the
 * build's sha256, like the Homebrew formula; an unchanged manifest makes no commit. Prereleases leave the bucket.
 */
export async function publishScoop(config: InstallersConfig, context: Context, deps: PublishDeps) {
  const release = context.nextRelease;
  if (!release || !config.installers.includes("scoop")) return;
  const { logger, env } = context;
  if (semver.prerelease(release.version))
    return logger.log("%s is a prerelease: the Scoop bucket keeps its manifest", release.version);
  const distDir = resolve(cwdOf(context), config.distDir);
  if (!(await hasWindowsZip(distDir))) return logger.log("No Scoop manifest: the release has no Windows zip");
  const file = await readPublishedFile(distDir, release.version, "Scoop manifest", (p) =>
    p.startsWith("scoop/"),
  );
  const repositoryUrl = String(context.options?.repositoryUrl ?? "");
  const bucket = bucketOf(config, context);
  if (!bucket) throw getError("ENOBUCKET", { repositoryUrl });
  const token = bucketToken(env);
  if (needsToken(bucket) && !token) throw getError("ENOBUCKETTOKEN", { bucket: bucket.display });
  const http = new HttpClient({ env, userAgent: INSTALLERS_PLUGIN, ...deps });
  const problems = await checkDownloads(http, scoopDownloads(file.text));
  if (problems.length) throw getError("ESCOOPASSETS", { assets: problems });
  const path = `bucket/${file.path.replace(/^.*\//, "")}`;
  const outcome = await pushFiles({
    repo: bucket,
    files: [{ path, text: file.text }],
    message: `${path.replace(/^bucket\/|\.json$/g, "")} ${release.version}`,
    token,
    env,
    failure: (step, reason) => getError("EBUCKETPUSH", { bucket: bucket.display, step, reason }),
  });
  if (outcome === "unchanged")
    logger.log("The bucket %s already has %s of %s: nothing to push", bucket.display, path, release.version);
  else logger.log("Pushed %s (%s) to the Scoop bucket %s", path, release.version, bucket.display);
}
