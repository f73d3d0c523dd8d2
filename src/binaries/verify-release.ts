import { loadWorkspace } from "../cargo/workspace.js";
import { throwAll } from "../errors/get-error.js";
import { cwdOf } from "../util/context.js";
import type { Context, PluginConfig } from "../types.js";
import { archiveSettings } from "./archive-settings.js";
import { releaseName, selectBins, planErrors } from "./plan.js";
import { binariesPreviewLines, plannedArchives, type BinariesPreview } from "./preview.js";
import { loadBinariesConfig, loadPlan } from "./config.js";
import { hostTriple } from "./toolchain.js";
import { checkReleaseIncludes } from "./package-all.js";

/**
 * What the plugin would build and write for `version`: reads the workspace and probes the toolchain (read-only
 * commands only), builds nothing, writes nothing. Throws the coded errors verifyConditions reports.
 */
async function readBinariesPreview(
  pluginConfig: PluginConfig,
  context: Context,
  version: string,
): Promise<BinariesPreview> {
  const { config, errors } = loadBinariesConfig(pluginConfig);
  throwAll(errors);
  const cwd = cwdOf(context);
  const settings = archiveSettings(config);
  // Built elsewhere (prebuilt jobs, or the split release's `build --tag` jobs): no builder is needed here.
  if (config.prebuilt || config.rustRelease === "split") {
    const workspace = await loadWorkspace({ cwd, env: context.env, manifestPath: config.manifestPath });
    const { bins, packages } = selectBins(config, workspace);
    const targets = config.targets?.map((t) => t.target) ?? [await hostTriple({ cwd, env: context.env })];
    const name = releaseName(config, bins, packages);
    return {
      version,
      distDir: config.distDir,
      prebuilt: config.prebuilt ?? "the `build --tag` jobs",
      archives: plannedArchives(settings, { name, version, targets }),
    };
  }
  const { plan, workspace } = await loadPlan(config, { cwd, env: context.env });
  throwAll(planErrors(plan.problems));
  const targets = plan.targets.map((t) => t.target);
  // The same include check as verifyConditions; outside a git checkout (a plain copy) there is no commit to list.
  const includes = await checkReleaseIncludes(settings, workspace, {
    targetDir: plan.targetDir,
    context,
  }).catch((error: { code?: string }) => {
    if (error.code === "ENOGITCOMMIT") return undefined;
    throw error;
  });
  return {
    version,
    distDir: config.distDir,
    plan,
    archives: plannedArchives(settings, { name: plan.name, version, targets }),
    ...(includes ? { includes } : {}),
    generated: settings.includeGenerated,
  };
}

/** The preview's lines for `version`. */
export const previewBinaries = async (
  pluginConfig: PluginConfig,
  context: Context,
  version: string,
): Promise<string[]> => binariesPreviewLines(await readBinariesPreview(pluginConfig, context, version));

/** verifyRelease (runs in --dry-run): logs the builds, their commands and the archives of `nextRelease`. */
export async function verifyRelease(pluginConfig: PluginConfig, context: Context): Promise<void> {
  const version = context.nextRelease?.version;
  if (!version) return;
  for (const line of await previewBinaries(pluginConfig, context, version)) context.logger.log("%s", line);
}
