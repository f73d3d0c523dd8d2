import { isAbsolute, resolve } from "node:path";
import type { Context, Release } from "../types.js";
import { getError, throwAll } from "../errors/get-error.js";
import { manifestPath, readManifest, type DistManifest } from "../manifest/dist-manifest.js";
import { collectAssets, type LocalAsset } from "./collect-assets.js";
import { releaseBody } from "./release-fields.js";
import { loadGithubConfig, type GithubSettings } from "./config.js";

/** Everything a release upload needs, read and checked before any request. */
export interface ReleaseInput {
  settings: GithubSettings;
  nextRelease: Release;
  manifest: DistManifest | undefined;
  assets: LocalAsset[];
  /** The notes with the artifact table filled in from the manifest. */
  body: string;
  /** The dist folder, absolute (step timings are recorded there). */
  distDir: string;
}

/**
 * Options, token, manifest and every file to upload. Fails before anything leaves the machine: bad settings,
 * no manifest and no `assets`, or an expected file missing (`EMISSINGASSET`).
 */
export async function readReleaseInput(
  pluginConfig: Record<string, unknown>,
  context: Context,
  step: string,
): Promise<ReleaseInput> {
  const { settings, errors } = loadGithubConfig(pluginConfig, context);
  throwAll(errors);
  const { nextRelease } = context;
  if (!nextRelease) throw getError("ENONEXTRELEASE", { step });
  const cwd = context.cwd ?? ".";
  const { distDir } = settings.config;
  const distAbs = isAbsolute(distDir) ? distDir : resolve(cwd, distDir);
  const manifest = await readManifest(distAbs);
  if (!manifest && !settings.config.assets?.length) {
    throw getError("EDISTMANIFEST", { path: manifestPath(distDir), reason: "it does not exist" });
  }
  const { assets, missing } = await collectAssets({
    cwd,
    distDir,
    manifest,
    assets: settings.config.assets ?? [],
    assetLabel: settings.config.assetLabel,
    vars: { version: nextRelease.version, gitTag: nextRelease.gitTag, channel: nextRelease.channel ?? "" },
  });
  if (missing.length) throw getError("EMISSINGASSET", { files: missing });
  return {
    settings,
    nextRelease,
    manifest,
    assets,
    body: releaseBody(nextRelease.notes, manifest),
    distDir: distAbs,
  };
}
