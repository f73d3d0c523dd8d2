import { tagFormatOf } from "../config/release-config.js";
import semver from "semver";
import {
  BINARIES_PLUGIN,
  CARGO_PLUGIN,
  CRATES_PLUGIN,
  DOCKER_PLUGIN,
  GITHUB_PLUGIN,
  INSTALLERS_PLUGIN,
} from "../plugins.js";
import { loadWorkspace } from "../cargo/workspace.js";
import { loadConfig } from "../config/index.js";
import { cargoOptions } from "../config/options/cargo.js";
import { cratesOptions } from "../config/options/crates.js";
import { githubOptions } from "../config/options/github.js";
import { bundlePlugins, type ListedPlugin, type ReleaseConfig } from "../config/release-config.js";
import { renderTagFormat } from "../config/templates.js";
import type { SemanticReleaseError } from "../errors/semantic-release-error.js";
import type { BranchSpec, Context, PluginConfig, Release } from "../types.js";
import { gitOut, originUrl } from "../git/run.js";
import { planLines, type PluginPlanData } from "./plan-data.js";

export type * from "./plan-data.js";

/**
 * The release plan of a repository, as data: what each plugin of the bundle would do for one version. `plan`,
 * `preview` and (later) `finish` all draw from this one computation.
 */

/** Computes one plugin's plan data; `earlier` holds the data of the plugins listed before it. */
type Planner = (
  config: PluginConfig,
  context: Context,
  release: Release,
  branch: BranchSpec,
  earlier: readonly PluginPlanData[],
) => Promise<PluginPlanData>;

type ConfigCheck = (config: PluginConfig, context: Context) => Promise<SemanticReleaseError[]>;

/**
 * One plugin's configuration checks (those of its verifyConditions that need no network, daemon or build: options,
 * templates, names, levels, `tagFormat`) and its plan.
 */
interface PluginPlanning {
  check: ConfigCheck;
  plan: Planner;
}

/** The Cargo bump of the core plugin: what its verifyRelease logs. */
async function cargoPlanning(): Promise<PluginPlanning> {
  const [{ tagFormatErrors }, { computeVersionPlan }, { cargoPlanData }] = await Promise.all([
    import("../cargo/tag-format.js"),
    import("../cargo/set-version.js"),
    import("../cargo/plan.js"),
  ]);
  const plan: Planner = async (pluginConfig, context, release) => {
    const { config, errors } = loadConfig(CARGO_PLUGIN, cargoOptions, pluginConfig);
    if (errors[0]) throw errors[0];
    const cwd = context.cwd ?? ".";
    const ws = await loadWorkspace({ cwd, env: context.env, manifestPath: config.manifestPath });
    const versionPlan = await computeVersionPlan(ws, { ...config, version: release.version });
    return { plugin: CARGO_PLUGIN, ...cargoPlanData(versionPlan) };
  };
  const check: ConfigCheck = async (c, ctx) => [
    ...loadConfig(CARGO_PLUGIN, cargoOptions, c).errors,
    ...(await tagFormatErrors(ctx, ctx.cwd ?? ".")),
  ];
  return { check, plan };
}

/** The GitHub release, its assets named from the binaries plan when that is listed before it. */
async function githubPlanning(): Promise<PluginPlanning> {
  const [{ assetTemplateErrors }, { releaseFileNames }, { readGithubPlan }] = await Promise.all([
    import("../github/verify-templates.js"),
    import("../binaries/plan.js"),
    import("../github/verify-release.js"),
  ]);
  const plan: Planner = async (c, ctx, r, b, earlier) => {
    const binaries = earlier.find((d) => d.plugin === BINARIES_PLUGIN);
    const files = binaries?.plugin === BINARIES_PLUGIN ? releaseFileNames(binaries) : undefined;
    return { plugin: GITHUB_PLUGIN, ...(await readGithubPlan(c, ctx, r, b, files)) };
  };
  const check: ConfigCheck = async (c, ctx) => {
    const { config, errors } = loadConfig(GITHUB_PLUGIN, githubOptions, c);
    return [...errors, ...assetTemplateErrors(config, ctx)];
  };
  return { check, plan };
}

/**
 * Every plugin of the bundle that has a plan, by the name listed in `plugins`: its checks and plan from its modules,
 * imported when the plugin is listed (or early, by `preloadPlan`). A repository without images, installers or a
 * GitHub release never loads their code (Sigstore, the OCI client, the package writers).
 */
const planning: Record<string, () => Promise<PluginPlanning>> = {
  [CARGO_PLUGIN]: cargoPlanning,
  [BINARIES_PLUGIN]: async () => {
    const [{ binariesConfigErrors }, { readBinariesPlan }] = await Promise.all([
      import("../binaries/verify-archives.js"),
      import("../binaries/verify-release.js"),
    ]);
    return {
      check: binariesConfigErrors,
      plan: async (c, ctx, r) => ({
        plugin: BINARIES_PLUGIN,
        ...(await readBinariesPlan(c, ctx, r.version)),
      }),
    };
  },
  [CRATES_PLUGIN]: async () => {
    const { readCratesPlan } = await import("../crates/verify-release.js");
    return {
      check: async (c) => loadConfig(CRATES_PLUGIN, cratesOptions, c).errors,
      plan: async (c, ctx, r) => ({ plugin: CRATES_PLUGIN, ...(await readCratesPlan(c, ctx, r.version)) }),
    };
  },
  [DOCKER_PLUGIN]: async () => {
    const [{ loadDockerConfig }, { dockerConfigErrors }, { readDockerPlan }] = await Promise.all([
      import("../docker/config.js"),
      import("../docker/verify.js"),
      import("../docker/verify-release.js"),
    ]);
    return {
      check: async (c, ctx) => dockerConfigErrors(loadDockerConfig(c, ctx), ctx),
      plan: async (c, ctx, r) => ({ plugin: DOCKER_PLUGIN, ...(await readDockerPlan(c, ctx, r)) }),
    };
  },
  [GITHUB_PLUGIN]: githubPlanning,
  [INSTALLERS_PLUGIN]: async () => {
    const [{ installersConfigErrors }, { readInstallersPlan }] = await Promise.all([
      import("../installers/verify.js"),
      import("../installers/verify-release.js"),
    ]);
    return {
      check: async (c, ctx) => installersConfigErrors(c, ctx),
      plan: async (c, ctx, r) => ({ plugin: INSTALLERS_PLUGIN, ...(await readInstallersPlan(c, ctx, r)) }),
    };
  },
};

/**
 * Starts importing the modules of the listed plugins' checks and plans and reading HEAD in `cwd`, so that this runs
 * while the caller waits for something else (`preview`: the commit analyzer, with HEAD unchanged until the plan);
 * the plan then finds them done. Never rejects.
 */
export function preloadPlan(cwd: string, env: NodeJS.ProcessEnv, rc: ReleaseConfig): void {
  for (const p of bundlePlugins(rc)) planning[p.name]?.().catch(() => undefined);
  preloadedHead = { cwd, out: headOf(cwd, env) };
}

/** The plugins whose plan is text lines only so far (no `data`). */
const linePlanners: Record<string, (c: PluginConfig, ctx: Context, r: Release) => Promise<string[]>> = {};

/** One problem of a plugin's plan: its error code (when coded) and message. */
export interface PlanProblem {
  code?: string;
  message: string;
}

/** What one plugin of the bundle would do. */
export interface PluginPlan {
  /** The name listed in `plugins` (`semantic-release-rust/binaries`). */
  plugin: string;
  /** `misconfigured`: its config checks failed; `failed`: its plan could not be computed. */
  status: "ok" | "misconfigured" | "failed" | "no-preview";
  /** The plan as text lines (what `plan` prints and dry-runs log), rendered from `data`. */
  lines: string[];
  /** The plan as JSON data (status `ok` only). */
  data?: PluginPlanData;
  problems: PlanProblem[];
}

/** The whole plan: the release it is for and each plugin's part, in the listed order. */
export interface ReleasePlan {
  version: string;
  gitTag: string;
  channel: string | null;
  gitHead?: string;
  /** The release configuration file it was computed from. */
  configFile: string;
  plugins: PluginPlan[];
}

/** The problems of an error (an AggregateError gives each of its errors). */
export const problemsOf = (error: unknown): PlanProblem[] => {
  const all = error instanceof AggregateError ? (error.errors as unknown[]) : [error];
  return all.map((e) => {
    const code = (e as { code?: unknown }).code;
    return {
      ...(typeof code === "string" ? { code } : {}),
      message: e instanceof Error ? e.message : String(e),
    };
  });
};

/** HEAD's commit and branch as `preloadPlan` started reading them, for that folder: used by the next plan only. */
let preloadedHead: { cwd: string; out: Promise<string | undefined> } | undefined;

/**
 * HEAD's commit, then its branch (`HEAD` when detached): one git call, or the one `preloadPlan` started, taken once
 * (a later plan in the same process reads HEAD again, in case it moved).
 */
function headOf(cwd: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const preloaded = preloadedHead;
  preloadedHead = undefined;
  if (preloaded?.cwd === cwd) return preloaded.out;
  return gitOut({ cwd, env }, "rev-parse", "HEAD", "--abbrev-ref", "HEAD");
}

/** The release planned: tag from `tagFormat`, a prerelease channel for a prerelease version. */
export async function releaseFor(cwd: string, env: NodeJS.ProcessEnv, rc: ReleaseConfig, version: string) {
  const tagFormat = tagFormatOf(rc);
  // A format our tooling cannot read is a config error (ETAGFORMAT): shown as written.
  const gitTag = renderTagFormat(tagFormat, version).tag ?? tagFormat;
  const pre = semver.prerelease(version)?.[0];
  const channel = typeof pre === "string" ? pre : null;
  const [gitHead, abbrev] = ((await headOf(cwd, env)) ?? "").split("\n");
  const branchName = abbrev || "main";
  const branch: BranchSpec = channel
    ? { name: branchName, type: "prerelease", prerelease: channel, channel, main: false }
    : { name: branchName, type: "release", main: true };
  const release: Release = { version, gitTag, name: gitTag, channel, ...(gitHead ? { gitHead } : {}) };
  return { release, branch };
}

/** The context every plan gets: semantic-release's, in a dry run. */
async function planContext(request: PlanRequest, release: Release, branch: BranchSpec): Promise<Context> {
  const { cwd, env, rc, log } = request;
  const repositoryUrl =
    (typeof rc.globals.repositoryUrl === "string" ? rc.globals.repositoryUrl : undefined) ??
    (await originUrl({ cwd, env })) ??
    "";
  return {
    cwd,
    env,
    logger: { log, error: log },
    options: {
      ...rc.globals,
      repositoryUrl,
      plugins: rc.plugins.map((p) => [p.name, p.options]),
      dryRun: true,
    },
    branch,
    nextRelease: release,
  };
}

/** One plugin's plan: `misconfigured` when its config checks fail, `failed` when its plan cannot be computed. */
async function planPlugin(
  p: ListedPlugin,
  context: Context,
  earlier: readonly PluginPlanData[],
): Promise<PluginPlan> {
  const base = { plugin: p.name, lines: [] as string[], problems: [] as PlanProblem[] };
  const planned = await planning[p.name]?.();
  const problems = await planned?.check({ ...p.pluginConfig }, context);
  if (problems?.length)
    return { ...base, status: "misconfigured", problems: problemsOf(new AggregateError(problems)) };
  const planner = planned?.plan;
  const linePlanner = linePlanners[p.name];
  if (!planner && !linePlanner) return { ...base, status: "no-preview" };
  const [config, release] = [{ ...p.pluginConfig }, context.nextRelease!];
  try {
    if (!planner) return { ...base, status: "ok", lines: await linePlanner!(config, context, release) };
    const data = await planner(config, context, release, context.branch!, earlier);
    return { ...base, status: "ok", lines: await planLines(data), data };
  } catch (e) {
    return { ...base, status: "failed", problems: problemsOf(e) };
  }
}

export interface PlanRequest {
  cwd: string;
  env: NodeJS.ProcessEnv;
  rc: ReleaseConfig;
  version: string;
  /** Where plugins log while planning (stderr for the CLI). */
  log: (message: string, ...args: unknown[]) => void;
}

/**
 * Starts reading the Cargo workspace of the listed core plugin (`cargo metadata`, cached for the process) so it
 * runs while the caller works out the version; the plan then reads it from the cache. Never rejects: the plan
 * reports a failure.
 */
export async function prefetchWorkspace(
  cwd: string,
  env: NodeJS.ProcessEnv,
  rc: ReleaseConfig,
): Promise<void> {
  const cargo = bundlePlugins(rc).find((p) => p.name === CARGO_PLUGIN);
  if (!cargo) return;
  const { config, errors } = loadConfig(CARGO_PLUGIN, cargoOptions, { ...cargo.pluginConfig });
  if (errors.length > 0) return;
  await loadWorkspace({ cwd, env, manifestPath: config.manifestPath }).catch(() => undefined);
}

/** What a release of `version` would do, plugin by plugin, computed without running anything. */
export async function planRelease(request: PlanRequest): Promise<ReleasePlan> {
  const { release, branch } = await releaseFor(request.cwd, request.env, request.rc, request.version);
  const context = await planContext(request, release, branch);
  const plugins: PluginPlan[] = [];
  for (const p of bundlePlugins(request.rc)) {
    const earlier = plugins.flatMap((x) => (x.data ? [x.data] : []));
    plugins.push(await planPlugin(p, context, earlier));
  }
  return {
    version: release.version,
    gitTag: release.gitTag,
    channel: release.channel ?? null,
    ...(release.gitHead ? { gitHead: release.gitHead } : {}),
    configFile: request.rc.file,
    plugins,
  };
}
