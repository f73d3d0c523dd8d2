import { join } from "node:path";
import { loadConfig } from "../config/index.js";
import { cargoOptions } from "../config/options/cargo.js";
import { getError, throwAll } from "../errors/get-error.js";
import type { Context, PluginConfig } from "../types.js";
import { exec } from "../util/exec.js";
import { fileExists } from "../util/fs.js";
import { cargoBin } from "../cargo/cargo-bin.js";
import { currentVersion, selectReleasePackages } from "../cargo/release-packages.js";
import { loadWorkspace } from "../cargo/workspace.js";
import { cwdOf, pluginIndex } from "./context.js";

export const PLUGIN = "semantic-release-rust";
const CHANGELOG_PLUGINS = ["@semantic-release/changelog"];

/** Checks config, cargo, manifests and versions; reports every problem at once. No side effects. */
export async function verifyConditions(pluginConfig: PluginConfig, context: Context): Promise<void> {
  const { config, errors: configErrors } = loadConfig(PLUGIN, cargoOptions, pluginConfig);
  const errors: Error[] = [...configErrors];
  const cwd = cwdOf(context);
  try {
    const { stdout } = await exec(cargoBin(context.env), ["--version"], { cwd, env: context.env });
    context.logger.log("Found %s", stdout.trim());
  } catch (error) {
    errors.push(getError("ENOCARGO", { error: error instanceof Error ? error.message : String(error) }));
    throwAll(errors);
  }
  try {
    const ws = await loadWorkspace({ cwd, env: context.env, manifestPath: config.manifestPath });
    const packages = selectReleasePackages(ws, config.packages);
    for (const p of packages) {
      const inherited = p.inheritsVersion && ws.workspaceVersion !== undefined;
      if (!inherited && !(p.hasVersion && !p.inheritsVersion)) {
        errors.push(getError("ENOVERSION", { name: p.name, path: p.manifestPath }));
      }
    }
    if (errors.length === 0) {
      const version = currentVersion(packages);
      context.logger.log("Release packages: %s at %s", packages.map((p) => p.name).join(", "), version);
    }
  } catch (error) {
    errors.push(error as Error);
  }
  if (config.changelogFile !== undefined) {
    const path = join(cwd, config.changelogFile);
    const ours = pluginIndex(context, PLUGIN);
    const creator = CHANGELOG_PLUGINS.some((n) => {
      const i = pluginIndex(context, n);
      return i !== -1 && (ours === -1 || i < ours);
    });
    if (!creator && !(await fileExists(path)))
      errors.push(getError("ENOCHANGELOG", { path: config.changelogFile }));
  }
  throwAll(errors);
}
