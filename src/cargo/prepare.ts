import { CARGO_PLUGIN } from "../plugins.js";
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { finishInterruptedBump, removeBumpTemps } from "./bump-journal.js";
import { applyVersionPlan, computeVersionPlan } from "./set-version.js";
import { loadWorkspace } from "./workspace.js";
import { loadConfig } from "../config/index.js";
import { cargoOptions } from "../config/options/cargo.js";
import { getError, throwAll } from "../errors/get-error.js";
import type { Context, PluginConfig } from "../types.js";
import { cwdOf } from "../util/context.js";
import { hasChangelogEntry } from "./changelog.js";
import { checkCargoVersion } from "../util/version.js";
import { loadCargoConfig } from "./config.js";

/** Bumps every manifest and Cargo.lock to the next version, then checks cargo sees it (and the changelog has it). */
export async function prepare(pluginConfig: PluginConfig, context: Context): Promise<void> {
  const next = context.nextRelease?.version;
  if (!next) return;
  checkCargoVersion(next);
  // A bump killed earlier: finish it (its journal is there) before reading versions, else drop its temp files.
  const { config, errors } = loadConfig(CARGO_PLUGIN, cargoOptions, pluginConfig);
  throwAll(errors);
  await finishInterruptedBump({ cwd: cwdOf(context), manifestPath: config.manifestPath }, context.logger);
  const state = await loadCargoConfig(pluginConfig, context);
  await removeBumpTemps(state.ws);
  const plan = await computeVersionPlan(state.ws, { ...state.config, version: next });
  await applyVersionPlan(plan, state.ws, context.logger);
  const after = await loadWorkspace({
    cwd: state.cwd,
    env: context.env,
    manifestPath: state.config.manifestPath,
  });
  for (const p of plan.packages) {
    const member = after.members.find((m) => m.name === p);
    if (member?.version !== next) {
      throw getError("EMANIFESTEDIT", {
        path: member?.manifestPath ?? p,
        reason: `cargo still reports ${member?.version}`,
      });
    }
  }
  context.logger.log("Cargo reports %s at %s", plan.packages.join(", "), next);
  const changelog = state.config.changelogFile;
  if (changelog !== undefined) {
    const text = await readFile(resolve(state.cwd, changelog), "utf8").catch(() => "");
    if (!hasChangelogEntry(text, next)) throw getError("ECHANGELOGENTRY", { path: changelog, version: next });
  }
}
