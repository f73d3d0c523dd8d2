import { CARGO_PLUGIN, pluginIndex } from "../plugins.js";
import { resolve } from "node:path";
import semver from "semver";
import { loadConfig } from "../config/index.js";
import { cargoOptions } from "../config/options/cargo.js";
import { getError, throwAll } from "../errors/get-error.js";
import type { Context, PluginConfig } from "../types.js";
import { exec } from "../util/exec.js";
import { fileExists } from "../util/fs.js";
import { cargoBin } from "./cargo-bin.js";
import { currentVersion, selectReleasePackages } from "./release-packages.js";
import { computeVersionPlan } from "./set-version.js";
import { loadWorkspace } from "./workspace.js";
import { lineProblem } from "../config/templates.js";
import { cwdOf } from "../util/context.js";
import { tagFormatErrors } from "./tag-format.js";

const CHANGELOG_PLUGINS = ["@semantic-release/changelog"];

/** Collects the error a check throws instead of stopping at it. */
async function collect<T>(errors: Error[], check: () => T | Promise<T>): Promise<T | undefined> {
  try {
    return await check();
  } catch (error) {
    errors.push(error as Error);
    return undefined;
  }
}

/** Checks config, cargo, manifests and versions; reports every problem at once. No side effects. */
export async function verifyConditions(pluginConfig: PluginConfig, context: Context): Promise<void> {
  const { config, errors: configErrors } = loadConfig(CARGO_PLUGIN, cargoOptions, pluginConfig);
  const errors: Error[] = [...configErrors];
  const cwd = cwdOf(context);
  try {
    const { stdout } = await exec(cargoBin(context.env), ["--version"], { cwd, env: context.env });
    context.logger.log("Found %s", stdout.trim());
  } catch (error) {
    errors.push(getError("ENOCARGO", { error: error instanceof Error ? error.message : String(error) }));
    throwAll(errors);
  }
  const ws = await collect(errors, () =>
    loadWorkspace({ cwd, env: context.env, manifestPath: config.manifestPath }),
  );
  const packages = ws && (await collect(errors, () => selectReleasePackages(ws, config.packages)));
  errors.push(...(await tagFormatErrors(context, cwd)));
  for (const p of packages ?? []) {
    const reason = lineProblem(p.name);
    if (reason) errors.push(getError("EPACKAGENAME", { name: p.name, reason }));
  }
  if (ws && packages) {
    const missing = packages.filter((p) =>
      p.inheritsVersion ? ws.workspaceVersion === undefined : !p.hasVersion,
    );
    for (const p of missing) errors.push(getError("ENOVERSION", { name: p.name, path: p.manifestPath }));
    const version = missing.length === 0 ? await collect(errors, () => currentVersion(packages)) : undefined;
    if (version !== undefined) {
      context.logger.log("Release packages: %s at %s", packages.map((p) => p.name).join(", "), version);
      // Every manifest and Cargo.lock must be editable now, not only in prepare: plan a bump, write nothing.
      const probe = semver.inc(version, "patch") ?? version;
      await collect(errors, () => computeVersionPlan(ws, { ...config, version: probe }));
    }
  }
  if (config.changelogFile !== undefined) {
    const path = resolve(cwd, config.changelogFile);
    const ours = pluginIndex(context, CARGO_PLUGIN);
    const creator = CHANGELOG_PLUGINS.some((n) => {
      const i = pluginIndex(context, n);
      return i !== -1 && (ours === -1 || i < ours);
    });
    if (!creator && !(await fileExists(path)))
      errors.push(getError("ENOCHANGELOG", { path: config.changelogFile }));
  }
  throwAll(errors);
}
