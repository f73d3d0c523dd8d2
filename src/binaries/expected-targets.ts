import type { Workspace } from "../cargo/workspace.js";
import type { BinariesConfig } from "../config/options/binaries.js";
import { archiveSettings, expectedArchive } from "./archive-settings.js";
import type { ExpectedTarget } from "./collect-prebuilt.js";
import { releaseName, selectBins } from "./plan.js";
import { hostTriple } from "./toolchain.js";

/** Every configured target (default: the host) with the archive file it must deliver for `version`. */
export async function expectedTargets(
  config: BinariesConfig,
  workspace: Workspace,
  o: { cwd: string; env: NodeJS.ProcessEnv; version: string },
): Promise<ExpectedTarget[]> {
  const { bins, packages } = selectBins(config, workspace);
  const name = releaseName(config, bins, packages);
  const settings = archiveSettings(config);
  const targets = config.targets ?? [{ target: await hostTriple(o) }];
  return targets.map((t) => ({
    target: t.target,
    archive: expectedArchive(settings, { name, version: o.version, target: t.target }),
  }));
}
