import type { SemanticReleaseError } from "../errors/semantic-release-error.js";
import { getError } from "../errors/get-error.js";
import { join } from "node:path";
import { opt } from "../util/argv.js";
import type { BinariesConfig } from "../config/options/binaries.js";
import type { BuilderChoice, BuilderName } from "../config/options/binaries.js";
import { expectedArchive, type ArchiveSettings } from "./archive-settings.js";
import { SHA256SUMS } from "./checksums.js";
import { sbomFileName } from "../sbom/names.js";
import type { ResolvedInclude } from "./include-globs.js";
import { selectReleasePackages } from "../cargo/release-packages.js";
import type { Workspace } from "../cargo/workspace.js";
import {
  allowsMultiTarget,
  builderCommand,
  chooseBuilder,
  type BuilderProblem,
  type InstalledTools,
} from "./builders.js";
import { exeName, isApple, parseTriple, runsOnHost } from "./triple.js";

interface PlannedBinary {
  /** The bin target's name (`rgreet`). */
  name: string;
  /** The package that owns it. */
  package: string;
  /** Where the build leaves it. */
  path: string;
}

export interface PlannedTarget {
  target: string;
  builder: BuilderName;
  /** Why this builder (for the log and the dry-run preview). */
  reason: string;
  features: string[];
  profile: string;
  binaries: PlannedBinary[];
  /** True when its binaries can run here and get smoke-tested. */
  runsOnHost: boolean;
}

/** One builder invocation: the targets of one builder/features/profile group. */
export interface BuildGroup {
  builder: BuilderName;
  program: string;
  args: string[];
  targets: string[];
}

type PlanProblem =
  | BuilderProblem
  | { kind: "unknown-target"; target: string }
  | { kind: "unknown-bin"; bins: string[]; known: string[] }
  | { kind: "no-binaries"; packages: string[] };

/** Everything a release builds, as plain data: printed by dry-runs, executed by `runBuilds`. */
export interface BuildPlan {
  /** Name in archive names: the `name` option or the package owning the first binary. */
  name: string;
  host: string;
  targetDir: string;
  packages: string[];
  bins: { name: string; package: string }[];
  targets: PlannedTarget[];
  groups: BuildGroup[];
  problems: PlanProblem[];
}

type PlanConfig = Pick<
  BinariesConfig,
  "targets" | "builder" | "profile" | "features" | "locked" | "packages" | "bins" | "name"
>;

/** `release` → `--release` into `release/`, `dev` → `debug/`, others `--profile P` into `P/`. */
export function profileArgs(profile: string): { args: string[]; dir: string } {
  if (profile === "release") return { args: ["--release"], dir: "release" };
  return { args: [opt("profile", profile)], dir: profile === "dev" ? "debug" : profile };
}

/** Which binaries ship and which packages build them. Pure. */
export function selectBins(
  config: PlanConfig,
  ws: Workspace,
): Pick<BuildPlan, "bins" | "packages" | "problems"> {
  const release = selectReleasePackages(ws, config.packages);
  const owned = (members: typeof ws.members) =>
    members.flatMap((m) => m.bins.map((b) => ({ name: b, package: m.name })));
  if (!config.bins) {
    const bins = owned(release);
    const problems: PlanProblem[] =
      bins.length === 0 ? [{ kind: "no-binaries", packages: release.map((m) => m.name) }] : [];
    return { bins, packages: [...new Set(bins.map((b) => b.package))], problems };
  }
  const all = [...owned(release), ...owned(ws.members)];
  const bins = config.bins.flatMap((n) => all.find((b) => b.name === n) ?? []);
  const unknown = config.bins.filter((n) => !all.some((b) => b.name === n));
  const problems: PlanProblem[] =
    unknown.length > 0
      ? [{ kind: "unknown-bin", bins: unknown, known: [...new Set(all.map((b) => b.name))] }]
      : [];
  return { bins, packages: [...new Set(bins.map((b) => b.package))], problems };
}

/** The targets a release builds: the `targets` option, else the host. */
export const targetSpecs = (
  config: Pick<PlanConfig, "targets">,
  host: string,
): NonNullable<PlanConfig["targets"]> => config.targets ?? [{ target: host }];

/** Plans every build of a release without running anything. */
export function planBuilds(
  config: PlanConfig,
  workspace: Workspace,
  host: string,
  installed: InstalledTools,
): BuildPlan {
  const { bins, packages, problems } = selectBins(config, workspace);
  const targets: PlannedTarget[] = [];
  for (const spec of targetSpecs(config, host)) {
    if (installed.knownTargets.length > 0 && !installed.knownTargets.includes(spec.target)) {
      problems.push({ kind: "unknown-target", target: spec.target });
      continue;
    }
    const decision = chooseBuilder(spec.builder ?? config.builder, spec.target, host, installed);
    if ("problem" in decision) {
      problems.push(decision.problem);
      continue;
    }
    const profile = spec.profile ?? config.profile;
    const outDir = join(workspace.targetDir, spec.target, profileArgs(profile).dir);
    targets.push({
      target: spec.target,
      builder: decision.builder,
      reason: decision.reason,
      features: spec.features ?? config.features ?? [],
      profile,
      binaries: bins.map((b) => ({ ...b, path: join(outDir, exeName(b.name, spec.target)) })),
      runsOnHost: runsOnHost(spec.target, host),
    });
  }
  const groups = groupTargets(config, targets, packages, installed);
  const name = releaseName(config, bins, packages);
  return { name, host, targetDir: workspace.targetDir, packages, bins, targets, groups, problems };
}

/** The name in archive names: the `name` option, else the package owning the first binary. */
export const releaseName = (
  config: Pick<PlanConfig, "name">,
  bins: BuildPlan["bins"],
  packages: string[],
): string => config.name ?? bins[0]?.package ?? packages[0] ?? "";

function groupTargets(
  config: PlanConfig,
  targets: PlannedTarget[],
  packages: string[],
  tools: InstalledTools,
): BuildGroup[] {
  const byKey = new Map<string, PlannedTarget[]>();
  for (const t of targets) {
    const multi = allowsMultiTarget(t.builder, tools.cargoVersion);
    const key = multi ? JSON.stringify([t.builder, [...t.features].sort(), t.profile]) : `single:${t.target}`;
    byKey.set(key, [...(byKey.get(key) ?? []), t]);
  }
  return [...byKey.values()].map((group) => {
    const first = group[0] as PlannedTarget;
    const cmd = builderCommand(first.builder, tools.cargo);
    const args = [
      ...cmd.args,
      ...(config.locked ? ["--locked"] : []),
      ...profileArgs(first.profile).args,
      ...group.map((t) => opt("target", t.target)),
      ...packages.map((p) => opt("package", p)),
      ...(config.bins ? config.bins.map((b) => opt("bin", b)) : []),
      ...(first.features.length > 0 ? [opt("features", first.features.join(","))] : []),
    ];
    return { builder: first.builder, program: cmd.program, args, targets: group.map((t) => t.target) };
  });
}

/** Turns the problems of a plan into coded errors, unknown targets reported together. */
export function planErrors(problems: readonly PlanProblem[]): SemanticReleaseError[] {
  const errors: SemanticReleaseError[] = [];
  const unknown = problems.flatMap((p) => (p.kind === "unknown-target" ? [p.target] : []));
  if (unknown.length > 0) errors.push(getError("EUNKNOWNTARGET", { targets: unknown }));
  for (const p of problems) {
    if (p.kind === "no-builder") errors.push(getError("ENOBUILDER", p));
    else if (p.kind === "no-std") errors.push(getError("ENOTARGETSTD", p));
    else if (p.kind === "no-auto-builder") errors.push(getError("ENOAUTOBUILDER", p));
    else if (p.kind === "unknown-bin") errors.push(getError("EUNKNOWNBIN", p));
    else if (p.kind === "no-binaries") errors.push(getError("ENOBINARIES", p));
  }
  return errors;
}

/** The runner OS a target's job needs (`runs-on` of a matrix job): from the triple's OS. */
export type RunnerOs = "linux" | "macos" | "windows";

export const runnerOs = (triple: string): RunnerOs =>
  isApple(triple) ? "macos" : parseTriple(triple).os === "windows" ? "windows" : "linux";

/** One target of the binaries plan, as JSON data. */
export interface BinariesTargetData {
  target: string;
  os: RunnerOs;
  /** The builder chosen here; with `prebuilt`, the one configured (`auto`: each matrix job chooses). */
  builder: BuilderChoice;
  reason: string;
  features: string[];
  profile: string;
  /** The bin targets packaged. */
  binaries: string[];
  /** The archive file name and its checksum file (`{archive}.sha256`). */
  archive: string;
  checksum: string;
  /** The archive's SBOM (`{archive}.cdx.json`), unless `sbom` is false. */
  sbom?: string;
  /** Its binaries run here and get smoke-tested (false with `prebuilt`). */
  smokeTested: boolean;
  /** The code-signing command (argv template) run on each binary after the build, if any. */
  codesign?: string[];
}

/** One file every archive includes, as the plan shows it. */
export type IncludeData = Pick<ResolvedInclude, "dest" | "from" | "linkTarget" | "onDisk">;

/** What the binaries plugin builds (or collects) and writes for a version, as JSON data. */
export interface BinariesPlanData {
  version: string;
  /** The `{name}` of archive names. */
  name: string;
  /** The dist folder as configured (`dist`). */
  distDir: string;
  /** The matrix jobs' output folder, when the builds happen elsewhere. */
  prebuilt?: string;
  targets: BinariesTargetData[];
  /** Each build command (program first); empty with `prebuilt`. */
  commands: string[][];
  /** The checksum list written beside the archives. */
  checksums: string;
  /** The files every archive includes, when known (a git checkout). */
  includes?: IncludeData[];
  /** `includeGenerated` patterns: build outputs packaged from disk once built. */
  generated: string[];
}

/**
 * The release files of the plan in the order the manifest lists them: each archive, its SBOM and its checksum,
 * then `SHA256SUMS`.
 */
export const releaseFileNames = (data: Pick<BinariesPlanData, "targets" | "checksums">): string[] => [
  ...data.targets.flatMap((t) => [t.archive, ...(t.sbom ? [t.sbom] : []), t.checksum]),
  data.checksums,
];

interface DataInput {
  config: PlanConfig & Pick<BinariesConfig, "distDir" | "prebuilt" | "includeGenerated"> & { sbom?: boolean };
  settings: ArchiveSettings;
  version: string;
  includes?: readonly IncludeData[];
}

/** The data of a build plan made here. Pure. */
export function builtPlanData(plan: BuildPlan, i: DataInput): BinariesPlanData {
  return {
    ...dataBase(i, plan.name),
    targets: plan.targets.map((t) => ({
      target: t.target,
      os: runnerOs(t.target),
      builder: t.builder,
      reason: t.reason,
      features: t.features,
      profile: t.profile,
      binaries: t.binaries.map((b) => b.name),
      ...archiveFiles(i, plan.name, t.target),
      smokeTested: t.runsOnHost,
    })),
    commands: plan.groups.map((g) => [g.program, ...g.args]),
  };
}

/**
 * The plan of a `prebuilt` release: the configured targets (else the host), the archives the matrix jobs must
 * deliver. Pure; `prepare` collects exactly these.
 */
export function prebuiltPlanData(workspace: Workspace, host: string, i: DataInput): BinariesPlanData {
  const { bins, packages } = selectBins(i.config, workspace);
  const name = releaseName(i.config, bins, packages);
  return {
    ...dataBase(i, name),
    targets: targetSpecs(i.config, host).map((spec) => {
      const builder = spec.builder ?? i.config.builder;
      return {
        target: spec.target,
        os: runnerOs(spec.target),
        builder,
        reason: builder === "auto" ? "chosen by each matrix job" : "set in the configuration",
        features: spec.features ?? i.config.features ?? [],
        profile: spec.profile ?? i.config.profile,
        binaries: bins.map((b) => b.name),
        ...archiveFiles(i, name, spec.target),
        smokeTested: false,
      };
    }),
    commands: [],
  };
}

const archiveFiles = (i: DataInput, name: string, target: string) => {
  const archive = expectedArchive(i.settings, { name, version: i.version, target });
  return {
    archive,
    checksum: `${archive}.sha256`,
    ...(i.config.sbom ? { sbom: sbomFileName(archive) } : {}),
  };
};

const dataBase = (i: DataInput, name: string) => ({
  version: i.version,
  name,
  distDir: i.config.distDir,
  ...(i.config.prebuilt ? { prebuilt: i.config.prebuilt } : {}),
  checksums: SHA256SUMS,
  ...(i.includes ? { includes: i.includes.map(includeData) } : {}),
  generated: i.config.includeGenerated ?? [],
});

const includeData = (i: IncludeData): IncludeData => ({
  dest: i.dest,
  from: i.from,
  ...(i.linkTarget === undefined ? {} : { linkTarget: i.linkTarget }),
  ...(i.onDisk === undefined ? {} : { onDisk: i.onDisk }),
});
