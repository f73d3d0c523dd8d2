import { CRATES_PLUGIN } from "../plugins.js";
import { loadWorkspace, type Workspace } from "../cargo/workspace.js";
import { selectReleasePackages } from "../cargo/release-packages.js";
import { loadConfig } from "../config/index.js";
import { cratesOptions } from "../config/options/crates.js";
import type { ConfigOf } from "../config/define.js";
import { getError } from "../errors/get-error.js";
import type { Context, PluginConfig } from "../types.js";
import { readCargoConfigs, type CargoConfigFile } from "./cargo-config.js";
import { planCratePublish, type CratePublishPlan, type CrateSettings } from "./plan.js";
import { resolveRegistry, type TargetRegistry } from "./registry.js";

type CratesConfig = ConfigOf<typeof cratesOptions>;

interface CratesRun {
  cwd: string;
  config: CratesConfig;
  files: CargoConfigFile[];
  registry?: TargetRegistry;
  workspace?: Workspace;
  plan?: CratePublishPlan;
  /** Every problem found; verifyConditions reports them all, the other steps throw the first. */
  errors: Error[];
}

/** The settings of one crate: the top-level options, replaced by its entry in `crates`. */
const crateSettings =
  (config: CratesConfig) =>
  (name: string): CrateSettings => {
    const own = config.crates?.[name] ?? {};
    return {
      features: own.features ?? config.features ?? [],
      noVerify: own.noVerify ?? config.noVerify,
      allowDirty: own.allowDirty ?? config.allowDirty,
    };
  };

const collect = <T>(errors: Error[], f: () => T): T | undefined => {
  try {
    return f();
  } catch (error) {
    errors.push(error as Error);
    return undefined;
  }
};

/** Reads the options, the cargo configuration, the workspace and the plan; problems are collected, not thrown. */
export async function loadCratesConfig(pluginConfig: PluginConfig, context: Context): Promise<CratesRun> {
  const cwd = context.cwd ?? ".";
  const { config, errors: optionErrors } = loadConfig(CRATES_PLUGIN, cratesOptions, pluginConfig);
  const errors: Error[] = [...optionErrors];
  const files = await readCargoConfigs(cwd, context.env);
  const registry = collect(errors, () => resolveRegistry(config.registry, { cwd, env: context.env, files }));
  let workspace: Workspace | undefined;
  try {
    workspace = await loadWorkspace({ cwd, env: context.env, manifestPath: config.manifestPath });
  } catch (error) {
    errors.push(error as Error);
  }
  let plan: CratePublishPlan | undefined;
  if (workspace) {
    const ws = workspace;
    const known = ws.members.map((m) => m.name);
    const unknown = Object.keys(config.crates ?? {}).filter((n) => !known.includes(n));
    if (unknown.length > 0) errors.push(getError("EUNKNOWNPACKAGE", { names: unknown, known }));
    const release = collect(errors, () => selectReleasePackages(ws, config.packages));
    if (release) {
      const names = release.map((m) => m.name);
      plan = collect(errors, () => planCratePublish(ws.members, names, crateSettings(config)));
    }
  }
  return { cwd, config, files, registry, workspace, plan, errors };
}
