import { appendFile } from "node:fs/promises";
import { resolve } from "node:path";
import { isBundlePlugin, pluginName } from "../plugins.js";
import { readManifest } from "../manifest/dist-manifest.js";
import { readPrevious } from "../sizes/check-sizes.js";
import type { Context, PluginConfig } from "../types.js";
import { cwdOf } from "../util/context.js";
import { renderSummary } from "./render-summary.js";
import { readTimings } from "./timings.js";

type StepContext = Context & { errors?: { code?: string; message: string; details?: string }[] };

/** Whether `plugin` is the last plugin of this bundle listed in the release config (the one that writes the summary). */
export function lastOfOurs(context: Context, plugin: string): boolean {
  const names = (context.options?.plugins ?? []).map((p) => String(pluginName(p)));
  return names.filter(isBundlePlugin).at(-1) === plugin;
}

/**
 * Appends the job summary to `$GITHUB_STEP_SUMMARY` when it is set and `plugin` is the last of ours in the
 * config: version, tag, links, every asset with size, change and sha256, images, crates and step durations;
 * on failure, what failed and what to do first. Never fails the release.
 */
export async function writeJobSummary(
  plugin: string,
  outcome: "success" | "failure",
  pluginConfig: PluginConfig,
  context: StepContext,
): Promise<void> {
  const file = context.env.GITHUB_STEP_SUMMARY;
  if (!file || !lastOfOurs(context, plugin)) return;
  try {
    const distDir = resolve(
      cwdOf(context),
      typeof pluginConfig.distDir === "string" ? pluginConfig.distDir : "dist",
    );
    const manifest = await readManifest(distDir).catch(() => undefined);
    const version = context.nextRelease?.version ?? manifest?.version;
    const previous = await readPrevious(distDir);
    const markdown = renderSummary({
      outcome,
      ...(version ? { version } : {}),
      ...(context.nextRelease?.gitTag ? { gitTag: context.nextRelease.gitTag } : {}),
      releases: (context.releases ?? []) as { name?: string; url?: string }[],
      ...(manifest ? { manifest } : {}),
      ...(previous ? { previous } : {}),
      timings: version ? await readTimings(distDir, version) : [],
      errors: (context.errors ?? []).map((e) => ({
        message: e.message,
        ...(e.code ? { code: e.code } : {}),
        ...(e.details ? { details: e.details } : {}),
      })),
    });
    await appendFile(file, markdown);
  } catch (error) {
    context.logger.log("Could not write the job summary to %s: %s", file, (error as Error).message);
  }
}

/** The `success` and `fail` steps of a plugin of this bundle: the job summary when it is the last one listed. */
export const summarySteps = (plugin: string) => ({
  success: (pluginConfig: PluginConfig, context: StepContext) =>
    writeJobSummary(plugin, "success", pluginConfig, context),
  fail: (pluginConfig: PluginConfig, context: StepContext) =>
    writeJobSummary(plugin, "failure", pluginConfig, context),
});
