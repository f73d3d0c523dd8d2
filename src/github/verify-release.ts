import { GITHUB_PLUGIN, UPSTREAM_GITHUB, pluginIndex } from "../plugins.js";
import { isAbsolute, resolve } from "node:path";
import { loadConfig } from "../config/index.js";
import { githubOptions } from "../config/options/github.js";
import { getError, throwAll } from "../errors/get-error.js";
import { readManifest } from "../manifest/dist-manifest.js";
import type { BranchSpec, Context, PluginConfig, Release } from "../types.js";
import { matchAssetSpec } from "./collect-assets.js";
import { assetUploadOrder, manifestAssets, type GithubPlanData } from "./plan.js";
import { MANIFEST_ASSET } from "../sizes/previous-manifest.js";
import { parseRepositoryUrl } from "./parse-repository-url.js";
import { upstreamListedAfter } from "./plugin-order.js";
import { githubPreviewLines } from "./preview.js";
import { isPrerelease, makeLatest } from "./release-fields.js";
import { resolveApiUrl } from "./config.js";

/**
 * What the plugin would do for `release` on `branch`, as data: the release it creates (or leaves to
 * @semantic-release/github) and the assets it uploads. Reads options, the manifest and the `assets` globs;
 * sends no request, writes nothing. Needs no token.
 */
export async function readGithubPlan(
  pluginConfig: PluginConfig,
  context: Context,
  release: Pick<Release, "version" | "gitTag" | "name" | "channel">,
  branch: BranchSpec | undefined,
  plannedAssets?: string[],
): Promise<GithubPlanData> {
  const { config, errors } = loadConfig(GITHUB_PLUGIN, githubOptions, pluginConfig);
  const repositoryUrl = String(context.options?.repositoryUrl ?? "");
  const { owner = "", repo = "" } = parseRepositoryUrl(repositoryUrl);
  if (!owner || !repo) errors.push(getError("EINVALIDREPOSITORYURL", { repositoryUrl }));
  throwAll(errors);
  const cwd = context.cwd ?? ".";
  const distAbs = isAbsolute(config.distDir) ? config.distDir : resolve(cwd, config.distDir);
  const manifest = await readManifest(distAbs).catch(() => undefined);
  const vars = { version: release.version, gitTag: release.gitTag, channel: release.channel ?? "" };
  const globs: GithubPlanData["globs"] = [];
  for (const spec of config.assets ?? []) {
    const { pattern, matches } = await matchAssetSpec(spec, cwd, vars);
    globs.push({ pattern, names: matches.map((m) => m.name) });
  }
  const current = manifest && manifest.version === release.version ? manifest : undefined;
  const releaseFiles = current
    ? { manifestAssets: manifestAssets(current).map((a) => a.name) }
    : plannedAssets
      ? { plannedAssets }
      : {};
  const names = releaseFiles.manifestAssets ?? releaseFiles.plannedAssets;
  return {
    repository: `${owner}/${repo}`,
    apiUrl: resolveApiUrl(config, context.env),
    tag: release.gitTag,
    name: release.name ?? release.gitTag,
    prerelease: isPrerelease(branch),
    makeLatest: makeLatest(branch),
    draftRelease: config.draftRelease,
    upstream: upstreamListedAfter(context)
      ? "after"
      : pluginIndex(context, UPSTREAM_GITHUB) !== -1
        ? "before"
        : "none",
    distDir: config.distDir,
    ...releaseFiles,
    globs,
    ...(config.assetLabel ? { assetLabel: config.assetLabel } : {}),
    // The manifest itself follows the release files (collectAssets): the next release reads its sizes.
    assets: assetUploadOrder(names ? [...names, MANIFEST_ASSET] : [], globs),
    assetsFrom: current ? "manifest" : plannedAssets ? "binaries plan" : "prepare",
  };
}

/** The preview's lines for a release on a branch. */
export const previewGithub = async (
  pluginConfig: PluginConfig,
  context: Context,
  release: Pick<Release, "version" | "gitTag" | "name" | "channel">,
  branch: BranchSpec | undefined,
): Promise<string[]> => githubPreviewLines(await readGithubPlan(pluginConfig, context, release, branch));

/** verifyRelease (runs in --dry-run): logs the GitHub release `nextRelease` would get and its assets. */
export async function verifyRelease(pluginConfig: PluginConfig, context: Context): Promise<void> {
  const release = context.nextRelease;
  if (!release) return;
  for (const line of await previewGithub(pluginConfig, context, release, context.branch))
    context.logger.log("%s", line);
}
