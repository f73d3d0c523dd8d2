import { CARGO_PLUGIN } from "../plugins.js";
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { applyVersionPlan, computeVersionPlan, startBump } from "./set-version.js";
import { loadWorkspace } from "./workspace.js";
import { loadConfig } from "../config/index.js";
import { cargoOptions } from "../config/options/cargo.js";
import { getError, throwAll } from "../errors/get-error.js";
import type { Context, PluginConfig } from "../types.js";
import { cwdOf } from "../util/context.js";
import { hasChangelogEntry } from "./changelog.js";
import { checkCargoVersion } from "../util/version.js";

/** Bumps every manifest and Cargo.lock to the next version, then checks cargo sees it (and the changelog has it). */
export async function prepare(pluginConfig: PluginConfig, context: Context): Promise<void> {
  const next = context.nextRelease?.version;
  if (!next) return;
  checkCargoVersion(next);
  const { config, errors } = loadConfig(CARGO_PLUGIN, cargoOptions, pluginConfig);
  throwAll(errors);
  const cwd = cwdOf(context);
  // A bump killed earlier: finish it (its journal is there) before reading versions, else drop its temp files.
  const ws = await startBump({
    cwd,
    env: context.env,
    manifestPath: config.manifestPath,
    logger: context.logger,
  });
  const plan = await computeVersionPlan(ws, { ...config, version: next });
  await applyVersionPlan(plan, ws, context.logger);
  const after = await loadWorkspace({ cwd, env: context.env, manifestPath: config.manifestPath });
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
  const changelog = config.changelogFile;
  if (changelog !== undefined) {
    const text = await readFile(resolve(cwd, changelog), "utf8").catch(() => "");
    if (!hasChangelogEntry(text, next)) throw getError("ECHANGELOGENTRY", { path: changelog, version: next });
  }
}
