import { BINARIES_PLUGIN, GITHUB_PLUGIN, INSTALLERS_PLUGIN, pluginIndex } from "../plugins.js";
import { getError, throwAll } from "../errors/get-error.js";
import type { SemanticReleaseError } from "../errors/semantic-release-error.js";
import { SAMPLE_VERSION } from "../config/templates.js";
import type { Context, PluginConfig } from "../types.js";
import { parseRepositoryUrl } from "../github/parse-repository-url.js";
import { formulaNameErrors } from "./plan.js";
import { bucketOf, bucketToken } from "./scoop-bucket.js";
import { defaultPackageIdentifier, wingetErrors } from "./winget.js";
import {
  downloadUrlOf,
  loadInstallersConfig,
  needsToken,
  tapOf,
  tapToken,
  type InstallersConfig,
} from "./config.js";

/** `EINSTALLERSORDER` when a plugin whose output this one needs is listed after it. */
function orderErrors(config: InstallersConfig, context: Context): SemanticReleaseError[] {
  const self = pluginIndex(context, INSTALLERS_PLUGIN);
  const after = (other: string, why: string) => {
    const at = pluginIndex(context, other);
    return at > self && self >= 0
      ? [getError("EINSTALLERSORDER", { plugin: INSTALLERS_PLUGIN, other, why })]
      : [];
  };
  return [
    ...after(
      BINARIES_PLUGIN,
      "Its prepare reads the archives and sha256s that the binaries plugin writes to the dist manifest.",
    ),
    ...(config.installers.includes("homebrew") || config.installers.includes("scoop")
      ? after(
          GITHUB_PLUGIN,
          "The formula and the Scoop manifest are pushed only after the GitHub plugin has uploaded and verified the archives they name.",
        )
      : []),
  ];
}

/** The winget publisher and identifier the options give (the name is only known from the manifest). */
function wingetConfigErrors(config: InstallersConfig, repositoryUrl: string): SemanticReleaseError[] {
  const publisher = config.winget?.publisher ?? parseRepositoryUrl(repositoryUrl).owner;
  if (!publisher) return [getError("ENOWINGETPUBLISHER", { repositoryUrl })];
  const id =
    config.winget?.packageIdentifier ?? defaultPackageIdentifier(publisher, config.name ?? "package");
  return wingetErrors({ publisher, packageIdentifier: id });
}

/** Every problem of the configuration that needs no build, no network and no secret (the plan runs these). */
export function installersConfigErrors(pluginConfig: PluginConfig, context: Context): SemanticReleaseError[] {
  const { config, errors } = loadInstallersConfig(pluginConfig);
  const url = downloadUrlOf(config, context, { version: SAMPLE_VERSION, gitTag: `v${SAMPLE_VERSION}` });
  if (typeof url !== "string") errors.push(url);
  errors.push(...orderErrors(config, context));
  const repositoryUrl = String(context.options?.repositoryUrl ?? "");
  if (config.installers.includes("scoop") && !bucketOf(config, context))
    errors.push(getError("ENOBUCKET", { repositoryUrl }));
  if (config.installers.includes("winget")) errors.push(...wingetConfigErrors(config, repositoryUrl));
  if (!config.installers.includes("homebrew")) return errors;
  if (!tapOf(config, context, config.name ?? "formula"))
    errors.push(getError("ENOTAP", { repositoryUrl: String(context.options?.repositoryUrl ?? "") }));
  if (config.name) errors.push(...formulaNameErrors(config.name));
  return errors;
}

/** `ENOTAPTOKEN` when the formula goes to an https tap and no token is in the environment. */
function tokenErrors(pluginConfig: PluginConfig, context: Context): SemanticReleaseError[] {
  const { config } = loadInstallersConfig(pluginConfig);
  const tap = config.installers.includes("homebrew") ? tapOf(config, context, "formula") : undefined;
  const bucket = config.installers.includes("scoop") ? bucketOf(config, context) : undefined;
  return [
    ...(tap && needsToken(tap) && !tapToken(context.env)
      ? [getError("ENOTAPTOKEN", { tap: tap.display })]
      : []),
    ...(bucket && needsToken(bucket) && !bucketToken(context.env)
      ? [getError("ENOBUCKETTOKEN", { bucket: bucket.display })]
      : []),
  ];
}

/** verifyConditions: options, plugin order, download URL, tap and its token, all reported at once. */
export async function verifyConditions(pluginConfig: PluginConfig, context: Context): Promise<void> {
  throwAll([...installersConfigErrors(pluginConfig, context), ...tokenErrors(pluginConfig, context)]);
}
