import { cargoBin } from "../cargo/cargo-bin.js";
import { getError, throwAll } from "../errors/get-error.js";
import type { Context, PluginConfig } from "../types.js";
import { exec, ExecError } from "../util/exec.js";
import { packageArgs } from "./cargo-args.js";
import { loadCratesRun } from "./crates-context.js";
import { cargoEnv } from "./registry.js";

/**
 * Runs `cargo package` for every crate to publish (after the version bump, before the tag is pushed), so that
 * a missing license, an oversized file or a path dependency without a version stops the release early.
 * Nothing leaves the machine; cargo only reads the registry's index.
 */
export async function prepare(pluginConfig: PluginConfig, context: Context): Promise<void> {
  const run = await loadCratesRun(pluginConfig, context);
  throwAll(run.errors);
  const { plan, registry, workspace } = run;
  if (!plan || !registry || !workspace || plan.crates.length === 0) return;
  const names = plan.crates.map((c) => c.name);
  context.logger.log("Packaging %s", names.join(", "));
  try {
    await exec(cargoBin(context.env), packageArgs(plan.crates, registry, workspace.rootManifest), {
      cwd: run.cwd,
      env: cargoEnv(registry, context.env),
      stream: context.stdout,
    });
  } catch (error) {
    if (!(error instanceof ExecError)) throw error;
    throw getError("ECARGOPACKAGE", { crates: names, output: error.result.stderr });
  }
}
