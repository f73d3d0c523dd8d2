import type { BinariesConfig } from "../config/options/binaries.js";
import type { Workspace } from "../cargo/workspace.js";
import { selectBins } from "../binaries/plan.js";
import type { SbomSettings } from "./write-sboms.js";

type SbomConfig = Parameters<typeof selectBins>[0] & Pick<BinariesConfig, "sbom" | "manifestPath" | "locked">;

/**
 * The SBOM settings of the binaries plugin's configuration, `undefined` with `sbom: false`. Each target's features
 * are the ones its build uses (`planBuilds`): the target's own `features`, else the `features` option.
 */
export function sbomSettings(
  config: SbomConfig,
  workspace: Workspace,
  o: { cwd: string; env: NodeJS.ProcessEnv },
): SbomSettings | undefined {
  if (!config.sbom) return undefined;
  return {
    ...o,
    manifestPath: config.manifestPath,
    locked: config.locked,
    packages: selectBins(config, workspace).packages,
    featuresOf: (target) =>
      config.targets?.find((t) => t.target === target)?.features ?? config.features ?? [],
    graphs: new Map(),
  };
}
