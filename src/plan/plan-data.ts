import {
  BINARIES_PLUGIN,
  CARGO_PLUGIN,
  CRATES_PLUGIN,
  DOCKER_PLUGIN,
  GITHUB_PLUGIN,
  INSTALLERS_PLUGIN,
} from "../plugins.js";
import type { BinariesPlanData } from "../binaries/plan.js";
import { binariesPreviewLines } from "../binaries/preview.js";
import type { CargoPlanData } from "../cargo/plan.js";
import { cargoPreviewLines } from "../cargo/preview.js";
import type { CratesPlanData } from "../crates/plan.js";
import { cratesPreviewLines } from "../crates/preview.js";
import type { DockerPlanData } from "../docker/oci-plan.js";
import { dockerPreviewLines } from "../docker/preview.js";
import type { GithubPlanData } from "../github/plan.js";
import { githubPreviewLines } from "../github/preview.js";
import { installersPlanLines, type InstallersPlanData } from "../installers/preview.js";

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

/** The plan's lines (what `plan` prints and dry runs log), rendered from its data. */
export function planLines(data: PluginPlanData): string[] {
  switch (data.plugin) {
    case CARGO_PLUGIN:
      return cargoPreviewLines(data);
    case BINARIES_PLUGIN:
      return binariesPreviewLines(data);
    case CRATES_PLUGIN:
      return cratesPreviewLines(data);
    case DOCKER_PLUGIN:
      return dockerPreviewLines(data);
    case GITHUB_PLUGIN:
      return githubPreviewLines(data);
    case INSTALLERS_PLUGIN:
      return installersPlanLines(data);
  }
}
