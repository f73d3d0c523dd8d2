import { CARGO_PLUGIN } from "../plugins.js";
import { loadConfig, type CargoConfig } from "../config/index.js";
import { cargoOptions } from "../config/options/cargo.js";
import { throwAll } from "../errors/get-error.js";
import type { Context, PluginConfig } from "../types.js";
import { currentVersion, selectReleasePackages } from "./release-packages.js";
import { loadWorkspace, type Member, type Workspace } from "./workspace.js";
import { cwdOf } from "../util/context.js";

/** What verifyRelease starts from: the config, the workspace and its release packages. */
interface ReleaseState {
  config: CargoConfig;
  cwd: string;
  ws: Workspace;
  packages: Member[];
  version: string;
}

export async function loadCargoConfig(pluginConfig: PluginConfig, context: Context): Promise<ReleaseState> {
  const { config, errors } = loadConfig(CARGO_PLUGIN, cargoOptions, pluginConfig);
  throwAll(errors);
  const cwd = cwdOf(context);
  const ws = await loadWorkspace({ cwd, env: context.env, manifestPath: config.manifestPath });
  const packages = selectReleasePackages(ws, config.packages);
  return { config, cwd, ws, packages, version: currentVersion(packages) };
}

/** The manifests that hold the release packages' version (the root one for inherited versions). */
export function versionFiles(state: ReleaseState): string[] {
  const files = new Set<string>();
  for (const p of state.packages) files.add(p.inheritsVersion ? state.ws.rootManifest : p.manifestPath);
  return [...files];
}
