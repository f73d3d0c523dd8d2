import { BINARIES_PLUGIN } from "../plugins.js";
import { resolve } from "node:path";
import { loadConfig } from "../config/index.js";
import { binariesOptions, type BinariesConfig } from "../config/options/binaries.js";
import type { SemanticReleaseError } from "../errors/semantic-release-error.js";
import { loadWorkspace, type Workspace } from "../cargo/workspace.js";
import { planBuilds, type BuildPlan } from "./plan.js";
import { probeToolchain, type ProbeOptions, type Toolchain } from "./toolchain.js";

/** The plugin's options with defaults applied; problems as `EINVALID<OPTION>` errors. */
export function loadBinariesConfig(pluginConfig: Record<string, unknown>): {
  config: BinariesConfig;
  errors: SemanticReleaseError[];
} {
  return loadConfig(BINARIES_PLUGIN, binariesOptions, pluginConfig);
}

export const distDirOf = (config: BinariesConfig, cwd: string): string => resolve(cwd, config.distDir);

interface Planned {
  workspace: Workspace;
  toolchain: Toolchain;
  plan: BuildPlan;
}

/**
 * Reads the workspace (unless given) and the toolchain and plans the builds; runs only read-only commands. `onHost`
 * learns the host triple as soon as rustc has told it.
 */
export async function loadPlan(config: BinariesConfig, o: ProbeOptions, read?: Workspace): Promise<Planned> {
  const workspace =
    read ?? (await loadWorkspace({ cwd: o.cwd, env: o.env, manifestPath: config.manifestPath }));
  const toolchain = await probeToolchain({ ...o, cwd: workspace.root });
  return { workspace, toolchain, plan: planBuilds(config, workspace, toolchain.host, toolchain) };
}
