import {
  BINARIES_PLUGIN,
  CARGO_PLUGIN,
  CRATES_PLUGIN,
  DOCKER_PLUGIN,
  GITHUB_PLUGIN,
  INSTALLERS_PLUGIN,
} from "../plugins.js";
import type { BinariesPlanData } from "../binaries/plan.js";
import type { CargoPlanData } from "../cargo/plan.js";
import type { CratesPlanData } from "../crates/plan.js";
import type { DockerPlanData } from "../docker/oci-plan.js";
import type { GithubPlanData } from "../github/plan.js";
import type { InstallersPlanData } from "../installers/preview.js";

export type { BinariesPlanData, CargoPlanData, CratesPlanData, DockerPlanData, GithubPlanData };
export type { InstallersPlanData };

/** One plugin's plan as JSON data, keyed by the plugin's name (`data.plugin`). */
export type PluginPlanData =
  | ({ plugin: typeof CARGO_PLUGIN } & CargoPlanData)
  | ({ plugin: typeof BINARIES_PLUGIN } & BinariesPlanData)
  | ({ plugin: typeof CRATES_PLUGIN } & CratesPlanData)
  | ({ plugin: typeof DOCKER_PLUGIN } & DockerPlanData)
  | ({ plugin: typeof GITHUB_PLUGIN } & GithubPlanData)
  | ({ plugin: typeof INSTALLERS_PLUGIN } & InstallersPlanData);

/** The plan's lines (what `plan` prints and dry runs log), rendered from its data by the plugin's renderer, imported then. */
export async function planLines(data: PluginPlanData): Promise<string[]> {
  switch (data.plugin) {
    case CARGO_PLUGIN:
      return (await import("../cargo/preview.js")).cargoPreviewLines(data);
    case BINARIES_PLUGIN:
      return (await import("../binaries/preview.js")).binariesPreviewLines(data);
    case CRATES_PLUGIN:
      return (await import("../crates/preview.js")).cratesPreviewLines(data);
    case DOCKER_PLUGIN:
      return (await import("../docker/preview.js")).dockerPreviewLines(data);
    case GITHUB_PLUGIN:
      return (await import("../github/preview.js")).githubPreviewLines(data);
    case INSTALLERS_PLUGIN:
      return (await import("../installers/preview.js")).installersPlanLines(data);
  }
}
