import { resolve } from "node:path";
import { throwAll } from "../errors/get-error.js";
import { readManifest } from "../manifest/dist-manifest.js";
import { cwdOf } from "../util/context.js";
import type { Context, PluginConfig, Release } from "../types.js";
import { loadInstallersConfig } from "./config.js";
import { expectedSource, loadInstallerPlan, manifestSource } from "./load-plan.js";
import { installersPlanData, installersPlanLines, type InstallersPlanData } from "./preview.js";
import { tapStep } from "./publish.js";

/**
 * The plan of a release as data: from `{distDir}/manifest.json` when it holds this version, else from the
 * archives the binaries plugin's options give. Reads only; throws the coded errors prepare would.
 */
export async function readInstallersPlan(
  pluginConfig: PluginConfig,
  context: Context,
  release: Pick<Release, "version" | "gitTag">,
): Promise<InstallersPlanData> {
  const { config, errors } = loadInstallersConfig(pluginConfig);
  throwAll(errors);
  const manifest = await readManifest(resolve(cwdOf(context), config.distDir));
  const built = manifest?.version === release.version;
  const source =
    manifest && built ? manifestSource(manifest) : await expectedSource(context, release.version);
  const { plan, errors: problems } = await loadInstallerPlan(config, context, release, source);
  throwAll(problems);
  return installersPlanData(plan, { distDir: config.distDir, built, tapStep: tapStep(context) });
}

/** The preview's lines for a release (see `readInstallersPlan`). */
export const previewInstallers = async (
  pluginConfig: PluginConfig,
  context: Context,
  release: Pick<Release, "version" | "gitTag">,
): Promise<string[]> => installersPlanLines(await readInstallersPlan(pluginConfig, context, release));

/** verifyRelease (runs in --dry-run): logs what the installers would write, upload and push. */
export async function verifyRelease(pluginConfig: PluginConfig, context: Context): Promise<void> {
  const release = context.nextRelease;
  if (!release) return;
  for (const line of await previewInstallers(pluginConfig, context, release)) context.logger.log("%s", line);
}
