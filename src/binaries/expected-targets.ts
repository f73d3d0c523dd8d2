import type { Workspace } from "../cargo/workspace.js";
import type { BinariesConfig } from "../config/options/binaries.js";
import { archiveSettings } from "./archive-settings.js";
import type { ExpectedTarget } from "./collect-prebuilt.js";
import { prebuiltPlanData } from "./plan.js";
import { hostTriple } from "./toolchain.js";

/**
 * Every configured target (default: the host) with the archive file it must deliver for `version`: the plan of a
 * release built elsewhere (`prebuilt` jobs, the split release's `build --tag` jobs), as `plan --json` shows it.
 */
export async function expectedTargets(
  config: BinariesConfig,
  workspace: Workspace,
  o: { cwd: string; env: NodeJS.ProcessEnv; version: string },
): Promise<ExpectedTarget[]> {
  const host = config.targets ? "" : await hostTriple(o);
  const planned = prebuiltPlanData(workspace, host, {
    config,
    settings: archiveSettings(config),
    version: o.version,
  });
  return planned.targets.map((t) => ({ target: t.target, archive: t.archive }));
}
