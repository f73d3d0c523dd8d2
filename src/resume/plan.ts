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
  /** Which entry of `plugin` in `plugins` the step runs with (1 for the second docker entry); 0 when absent. */
  entry?: number;
}

/** One docker entry's OCI layout and whether it holds an image for the version. */
export interface DockerLayout {
  dir: string;
  hasVersion: boolean;
}

/** What is already on disk, from the interrupted run. */
export interface DiskState {
  version: string;
  /** `{distDir}/manifest.json` of the binaries plugin, and the version it carries (if the file exists). */
  manifestPath: string;
  manifestVersion: string | undefined;
  /** Every docker entry's OCI layout (`dist/oci`, `dist/oci-2`, ...), in the listed order. */
  layouts: DockerLayout[];
}

/** Which plugins have which step; publish and success are safe to run again (they skip what is there). */
const PUBLISHERS = [CRATES_PLUGIN, DOCKER_PLUGIN, GITHUB_PLUGIN, INSTALLERS_PLUGIN];
const SUCCESS = [GITHUB_PLUGIN, INSTALLERS_PLUGIN];

function prepareStep(plugin: string, s: DiskState, entry: number): PlannedStep | undefined {
  if (plugin === BINARIES_PLUGIN) {
    if (s.manifestVersion === s.version)
      return { plugin, step: "prepare", run: false, reason: `${s.manifestPath} already holds ${s.version}` };
    const why = s.manifestVersion === undefined ? "missing" : `holds ${s.manifestVersion}`;
    return { plugin, step: "prepare", run: true, reason: `${s.manifestPath} ${why}: rebuild from the tag` };
  }
  if (plugin === DOCKER_PLUGIN) {
    const layout = s.layouts[entry] ?? { dir: "dist/oci", hasVersion: false };
    const at = entry > 0 ? { entry } : {};
    if (layout.hasVersion)
      return {
        plugin,
        step: "prepare",
        run: false,
        reason: `${layout.dir} already holds ${s.version}`,
        ...at,
      };
    return {
      plugin,
      step: "prepare",
      run: true,
      reason: `no image for ${s.version} in ${layout.dir}`,
      ...at,
    };
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
  // A plugin listed twice (two docker entries) runs each step once per entry, each with its own options.
  const entries = plugins.map((plugin, i) => {
    const entry = plugins.slice(0, i).filter((p) => p === plugin).length;
    return { plugin, ...(entry > 0 ? { entry } : {}) };
  });
  const step = (name: StepName, among: readonly string[]) =>
    entries
      .filter((e) => among.includes(e.plugin))
      .map((e): PlannedStep => ({ ...e, step: name, run: true }));
  const prepare = entries.flatMap((e) => prepareStep(e.plugin, s, e.entry ?? 0) ?? []);
  return [
    ...step("verifyConditions", plugins),
    ...prepare,
    ...step("publish", PUBLISHERS),
    ...step("success", SUCCESS),
  ];
}

/** One line per step, as the command prints them. */
export const describeStep = (s: PlannedStep, dryRun = false): string =>
  `${s.run ? (dryRun ? "would run" : "run") : "skip"} ${s.step} ${s.plugin}${s.entry ? ` [entry ${s.entry + 1}]` : ""}${s.reason ? ` (${s.reason})` : ""}`;
