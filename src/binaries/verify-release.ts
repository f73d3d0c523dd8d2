import { loadWorkspace } from "../cargo/workspace.js";
import { throwAll } from "../errors/get-error.js";
import { cwdOf } from "../util/context.js";
import type { Context, PluginConfig } from "../types.js";
import { archiveSettings } from "./archive-settings.js";
import { builtPlanData, planErrors, prebuiltPlanData, type BinariesPlanData } from "./plan.js";
import { binariesPreviewLines } from "./preview.js";
import { loadBinariesConfig, loadPlan } from "./config.js";
import { hostTriple } from "./toolchain.js";
import { checkReleaseIncludes } from "./package-all.js";
import { withCodesign } from "./codesign.js";

/**
 * What the plugin would build and write for `version`, as data: reads the workspace and probes the toolchain
 * (read-only commands only), builds nothing, writes nothing. Throws the coded errors verifyConditions reports.
 */
export async function readBinariesPlan(
  pluginConfig: PluginConfig,
  context: Context,
  version: string,
): Promise<BinariesPlanData> {
  const { config, errors } = loadBinariesConfig(pluginConfig);
  throwAll(errors);
  const cwd = cwdOf(context);
  const settings = archiveSettings(config);
  // Built elsewhere (prebuilt jobs, or the split release's `build --tag` jobs): no builder is needed here.
  if (config.prebuilt || config.rustRelease === "split") {
    const workspace = await loadWorkspace({ cwd, env: context.env, manifestPath: config.manifestPath });
    const host = config.targets ? "" : await hostTriple({ cwd, env: context.env });
    const elsewhere = { ...config, prebuilt: config.prebuilt ?? "the `build --tag` jobs" };
    return withCodesign(prebuiltPlanData(workspace, host, { config: elsewhere, settings, version }), config);
  }
  const { plan, workspace } = await loadPlan(config, { cwd, env: context.env });
  throwAll(planErrors(plan.problems));
  // The same include check as verifyConditions; outside a git checkout (a plain copy) there is no commit to list.
  const includes = await checkReleaseIncludes(settings, workspace, {
    targetDir: plan.targetDir,
    context,
  }).catch((error: { code?: string }) => {
    if (error.code === "ENOGITCOMMIT") return undefined;
    throw error;
  });
  const data = builtPlanData(plan, { config, settings, version, ...(includes ? { includes } : {}) });
  return withCodesign(data, config);
}

/** The preview's lines for `version`. */
export const previewBinaries = async (
  pluginConfig: PluginConfig,
  context: Context,
  version: string,
): Promise<string[]> => binariesPreviewLines(await readBinariesPlan(pluginConfig, context, version));

/** verifyRelease (runs in --dry-run): logs the builds, their commands and the archives of `nextRelease`. */
export async function verifyRelease(pluginConfig: PluginConfig, context: Context): Promise<void> {
  const version = context.nextRelease?.version;
  if (!version) return;
  for (const line of await previewBinaries(pluginConfig, context, version)) context.logger.log("%s", line);
}
