import { relative } from "node:path";
import { getError, throwAll } from "../errors/get-error.js";
import type { Context, PluginConfig } from "../types.js";
import { computeVersionPlan } from "./set-version.js";
import { describeVersionPlan } from "./preview.js";
import { compareVersions, versionProblem } from "../util/version.js";
import { loadCargoConfig, versionFiles } from "./config.js";

/**
 * Runs in --dry-run too: the Cargo version must equal the last release (unless it is the placeholder) and the
 * next version must be greater; then logs the bump plan.
 */
export async function verifyRelease(pluginConfig: PluginConfig, context: Context): Promise<void> {
  const state = await loadCargoConfig(pluginConfig, context);
  const { config, version } = state;
  const errors: Error[] = [];
  const placeholder = config.placeholderVersion !== undefined && version === config.placeholderVersion;
  const last = context.lastRelease?.version;
  if (last && !placeholder && version !== last) {
    errors.push(
      getError("EVERSIONMISMATCH", {
        files: versionFiles(state).map((f) => relative(state.cwd, f)),
        cargoVersion: version,
        lastVersion: last,
        gitTag: context.lastRelease?.gitTag ?? `v${last}`,
      }),
    );
  }
  const next = context.nextRelease?.version;
  const reason = next ? versionProblem(next) : undefined;
  if (next && reason) errors.push(getError("EINVALIDVERSION", { version: next, reason }));
  else if (next && !placeholder && !versionProblem(version) && compareVersions(next, version) <= 0) {
    errors.push(getError("EVERSIONNOTGREATER", { nextVersion: next, cargoVersion: version }));
  }
  throwAll(errors);
  if (next) {
    const plan = await computeVersionPlan(state.ws, { ...config, version: next });
    for (const line of describeVersionPlan(plan)) context.logger.log("%s", line);
  }
}
