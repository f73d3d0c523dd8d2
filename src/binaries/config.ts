import { BINARIES_PLUGIN } from "../plugins.js";
import { resolve } from "node:path";
import { loadConfig } from "../config/index.js";
import { binariesOptions, type BinariesConfig } from "../config/options/binaries.js";
import type { SemanticReleaseError } from "../errors/semantic-release-error.js";
import { loadWorkspace, type Workspace } from "../cargo/workspace.js";
import { planBuilds, type BuildPlan } from "./plan.js";
import { probeToolchain, type Toolchain } from "./toolchain.js";

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

/** Reads the workspace (unless given) and the toolchain and plans the builds; runs only read-only commands. */
export async function loadPlan(
  config: BinariesConfig,
  o: { cwd: string; env: NodeJS.ProcessEnv },
  read?: Workspace,
): Promise<Planned> {
  const workspace =
    read ?? (await loadWorkspace({ cwd: o.cwd, env: o.env, manifestPath: config.manifestPath }));
  const toolchain = await probeToolchain({ cwd: workspace.root, env: o.env });
  return { workspace, toolchain, plan: planBuilds(config, workspace, toolchain.host, toolchain) };
}
