import { throwAll } from "../errors/get-error.js";
import type { Context, PluginConfig } from "../types.js";
import { loadCratesConfig } from "./config.js";
import { checkToken } from "./token.js";

/**
 * Checks the options, the registry, its token (without writing anything) and that the crates have a
 * publishing order. Every problem is reported at once.
 */
export async function verifyConditions(pluginConfig: PluginConfig, context: Context): Promise<void> {
  const run = await loadCratesConfig(pluginConfig, context);
  const errors = [...run.errors];
  if (run.registry) {
    const missing = await checkToken(run.registry, context.env, run.files);
    if (missing) errors.push(missing);
  }
  throwAll(errors);
  const plan = run.plan;
  if (plan && run.registry) {
    context.logger.log(
      "Crates to publish to %s, in order: %s",
      run.registry.label,
      plan.crates.map((c) => c.name).join(", ") || "none",
    );
  }
}
