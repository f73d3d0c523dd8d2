import { INSTALLERS_PLUGIN } from "../plugins.js";
import { loadConfig } from "../config/index.js";
import { installersOptions } from "../config/options/installers.js";
import type { ConfigOf } from "../config/define.js";
import { renderTemplate } from "../config/templates.js";
import type { SemanticReleaseError } from "../errors/semantic-release-error.js";
import { getError } from "../errors/get-error.js";
import { githubDownloadBase } from "../binaries/release-notes.js";
import { parseRepositoryUrl } from "../github/parse-repository-url.js";
import type { Context, PluginConfig } from "../types.js";
import { pushRepoOf } from "./git-push.js";
import type { TapInfo } from "./plan.js";

export type InstallersConfig = ConfigOf<typeof installersOptions>;

/** The plugin's options with defaults applied; problems as `EINVALID<OPTION>` errors. */
export function loadInstallersConfig(pluginConfig: PluginConfig): {
  config: InstallersConfig;
  errors: SemanticReleaseError[];
} {
  return loadConfig(INSTALLERS_PLUGIN, installersOptions, pluginConfig);
}

/** The folder URL of the release's archives: `downloadUrl` filled in, else the GitHub release download folder. */
export function downloadUrlOf(
  config: InstallersConfig,
  context: Context,
  release: { version: string; gitTag: string },
): string | SemanticReleaseError {
  const repositoryUrl = String(context.options?.repositoryUrl ?? "");
  if (config.downloadUrl)
    return renderTemplate(config.downloadUrl, {
      version: release.version,
      gitTag: release.gitTag,
    }).text.replace(/\/+$/, "");
  return githubDownloadBase(repositoryUrl, release.gitTag) ?? getError("ENODOWNLOADURL", { repositoryUrl });
}

/** The tap to push the formula to: `owner/name` on github.com, a git URL, or `{owner}/homebrew-tap`. */
export function tapOf(config: InstallersConfig, context: Context, formula: string): TapInfo | undefined {
  const owner = parseRepositoryUrl(String(context.options?.repositoryUrl ?? "")).owner;
  const tap = config.tap ?? (owner ? `${owner}/homebrew-tap` : undefined);
  if (!tap) return undefined;
  const { url, display } = pushRepoOf(tap);
  const { owner: tapOwner = "", repo = "" } = parseRepositoryUrl(url);
  const short = repo.replace(/^homebrew-/, "");
  const onGithub = /^https:\/\/github\.com\//.test(url) && repo.startsWith("homebrew-");
  return {
    url,
    display,
    brewName: `${tapOwner}/${short}/${formula.toLowerCase()}`,
    ...(onGithub ? {} : { tapUrl: url }),
  };
}

/** The token that pushes to the tap: `HOMEBREW_TAP_TOKEN`, else the GitHub token. Needed for https taps only. */
export const tapToken = (env: NodeJS.ProcessEnv): string | undefined =>
  env.HOMEBREW_TAP_TOKEN || env.GH_TOKEN || env.GITHUB_TOKEN || undefined;

export const needsToken = (repo: { url: string }): boolean => /^https?:\/\//.test(repo.url);
