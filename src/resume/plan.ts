import {
  BINARIES_PLUGIN,
  CRATES_PLUGIN,
  DOCKER_PLUGIN,
  GITHUB_PLUGIN,
  INSTALLERS_PLUGIN,
} from "../plugins.js";
export type StepName = "verifyConditions" | "prepare" | "publish" | "success";

/** One plugin call of a resumed release; `run: false` steps are shown with the reason they are skipped. */
export interface PlannedStep {
  plugin: string;
  step: StepName;
  run: boolean;
  reason?: string;
}

/** What is already on disk, from the interrupted run. */
export interface DiskState {
  version: string;
  /** `{distDir}/manifest.json` of the binaries plugin, and the version it carries (if the file exists). */
  manifestPath: string;
  manifestVersion: string | undefined;
  /** The docker plugin's OCI layout, and whether it holds an image for the version. */
  layoutDir: string;
  layoutHasVersion: boolean;
}

/** Which plugins have which step; publish and success are safe to run again (they skip what is there). */
const PUBLISHERS = [CRATES_PLUGIN, DOCKER_PLUGIN, GITHUB_PLUGIN, INSTALLERS_PLUGIN];
const SUCCESS = [GITHUB_PLUGIN, INSTALLERS_PLUGIN];

function prepareStep(plugin: string, s: DiskState): PlannedStep | undefined {
  if (plugin === BINARIES_PLUGIN) {
    if (s.manifestVersion === s.version)
      return { plugin, step: "prepare", run: false, reason: `${s.manifestPath} already holds ${s.version}` };
    const why = s.manifestVersion === undefined ? "missing" : `holds ${s.manifestVersion}`;
    return { plugin, step: "prepare", run: true, reason: `${s.manifestPath} ${why}: rebuild from the tag` };
  }
  if (plugin === DOCKER_PLUGIN) {
    if (s.layoutHasVersion)
      return { plugin, step: "prepare", run: false, reason: `${s.layoutDir} already holds ${s.version}` };
    return { plugin, step: "prepare", run: true, reason: `no image for ${s.version} in ${s.layoutDir}` };
  }
  if (plugin === INSTALLERS_PLUGIN)
    return {
      plugin,
      step: "prepare",
      run: true,
      reason: `the installers are written again from ${s.manifestPath}`,
    };
  return undefined;
}

/**
 * The steps that finish a release whose tag is pushed: every plugin's verifyConditions; the prepare of binaries
 * and docker only when their output is missing (never the Cargo bump: the tag has it); then the publish steps and
 * the GitHub success step, each in the listed order.
 */
export function planResume(plugins: readonly string[], s: DiskState): PlannedStep[] {
  const verify = plugins.map((plugin): PlannedStep => ({ plugin, step: "verifyConditions", run: true }));
  const prepare = plugins.flatMap((p) => prepareStep(p, s) ?? []);
  const publish = plugins
    .filter((p) => PUBLISHERS.includes(p))
    .map((plugin): PlannedStep => ({ plugin, step: "publish", run: true }));
  const success = plugins
    .filter((p) => SUCCESS.includes(p))
    .map((plugin): PlannedStep => ({ plugin, step: "success", run: true }));
  return [...verify, ...prepare, ...publish, ...success];
}

/** One line per step, as the command prints them. */
export const describeStep = (s: PlannedStep, dryRun = false): string =>
  `${s.run ? (dryRun ? "would run" : "run") : "skip"} ${s.step} ${s.plugin}${s.reason ? ` (${s.reason})` : ""}`;
