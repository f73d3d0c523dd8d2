import { resolve } from "node:path";
import { getError, throwAll } from "../errors/get-error.js";
import type { Artifact } from "../manifest/dist-manifest.js";
import { selectReleasePackages } from "../cargo/release-packages.js";
import { loadWorkspace, type Workspace } from "../cargo/workspace.js";
import { cwdOf } from "../util/context.js";
import type { Context, PluginConfig } from "../types.js";
import { removeStrayTemps } from "../util/atomic-write.js";
import { git } from "../git/run.js";
import { changelogFileOf } from "../git/release-files.js";
import { planErrors, releaseName, selectBins, targetSpecs } from "./plan.js";
import { buildRelease } from "./build-release.js";
import { writeDist } from "./write-dist.js";
import { provenanceEnabled } from "../provenance/write-provenance.js";
import { sbomSettings } from "../sbom/settings.js";
import { resolvedGraph, sbomLibrary, type SbomSettings } from "../sbom/write-sboms.js";
import { ensureTargetDir } from "../cargo/target-dir.js";
import { signingKeys, type SigningKeys } from "../sign/signing-keys.js";
import { expectedTargets } from "./expected-targets.js";
import { collectPrebuilt } from "./collect-prebuilt.js";
import { distDirOf, loadBinariesConfig, loadPlan } from "./config.js";
import type { HttpDeps } from "../http/client.js";
import { recordTimings, type Timing } from "../summary/timings.js";
import { checkSizes } from "../sizes/check-sizes.js";
import { notesRecord } from "./notes-config.js";
import type { BinariesConfig } from "../config/options/binaries.js";
import type { SizeLimits } from "../sizes/limits.js";

/**
 * Builds (or collects, with `prebuilt`) every target's binaries for `nextRelease.version`, packages them and
 * writes `SHA256SUMS`, the signatures of the `sign` option and `{distDir}/manifest.json`, then runs the size gate
 * (`maxSize`, `maxSizeIncrease` against the last release's `manifest.json` asset): over a limit, the release stops
 * before the tag. Pushes nothing. In the split release it builds nothing: the `build --tag` jobs do, from the tag.
 * `deps`: the clock of the recorded timings and the clock and sleep of the previous-manifest download.
 */
export async function prepare(
  pluginConfig: PluginConfig,
  context: Context,
  deps: HttpDeps = {},
): Promise<void> {
  const { config, errors } = loadBinariesConfig(pluginConfig);
  throwAll(errors);
  if (config.rustRelease === "split") {
    context.logger.log(
      "Split release: nothing is built here; each target is built by `semantic-release-rust build --tag %s`",
      context.nextRelease?.gitTag ?? "<tag>",
    );
    return;
  }
  const keys = signingKeys(config.sign, context.env);
  try {
    await prepareDist(config, context, deps, keys);
  } finally {
    await keys.close();
  }
}

/** Prepare's work after the split-release check; `keys` start loading when the build starts. */
async function prepareDist(config: BinariesConfig, context: Context, deps: HttpDeps, keys: SigningKeys) {
  const cwd = cwdOf(context);
  const version = context.nextRelease?.version ?? "";
  const workspace = await loadWorkspace({ cwd, env: context.env, manifestPath: config.manifestPath });
  const packages = selectReleasePackages(workspace, config.packages);
  if (packages.some((p) => p.version !== version)) {
    throw getError("EVERSIONNOTPREPARED", {
      version,
      found: packages.map((p) => ({ name: p.name, version: p.version })),
    });
  }
  const distDir = distDirOf(config, cwd);
  // Temp files a killed run left in dist/ (archives, staged binaries, checksums) go before anything is written.
  await removeStrayTemps(distDir, { depth: 2 });
  const { bins, packages: owners } = selectBins(config, workspace);
  const timings: Timing[] = [];
  const sbom = sbomSettings(config, workspace, { cwd, env: context.env });
  const overlap = overlapWork(config, keys, sbom, workspace.targetDir);
  const built = { cwd, version, workspace, distDir, timings, overlap };
  const { artifacts, gitHead, epoch } = await releaseArtifacts(config, context, deps, built);
  const extras = {
    name: releaseName(config, bins, owners),
    notes: await notesRecord(config, context, cwd),
    sizeLimits: sizeLimitsOf(config),
  };
  const signing = { sign: config.sign, env: context.env, keys };
  const provenance = {
    enabled: provenanceEnabled(config.provenance, config.sign),
    gitTag: context.nextRelease?.gitTag ?? version,
    ...(context.options?.repositoryUrl ? { repositoryUrl: context.options.repositoryUrl } : {}),
  };
  const dist = {
    version,
    gitHead,
    epoch,
    artifacts,
    logger: context.logger,
    signing,
    provenance,
    sbom,
    extras,
  };
  const manifest = await writeDist(distDir, dist);
  await recordTimings(distDir, version, timings);
  await checkSizes({ manifest, limits: config, distDir, context }, deps);
}

/**
 * Work started alongside the build: `plan` as the build is planned, once without the host triple and again once
 * rustc has told it (the plan's other probes still to run); `build` once cargo runs; `built` once it is done. With
 * `prebuilt`, only `build` (no targets). The build starts once `planned` settles.
 */
interface Overlap {
  plan(host?: string): void;
  /** Settles once the work `plan` started and the build waits for is done. */
  planned(): Promise<void>;
  build(targets: readonly string[]): void;
  built(targets: readonly string[]): void;
}

/**
 * Fixed costs overlap the build (whose cargo is mostly one compiler at a time) instead of adding to the end.
 * - The SBOMs' `cargo metadata --filter-platform` starts as soon as the targets are known, before the toolchain
 *   probes, one target after the other, into the target dir (made first if new): it asks rustc about the host and
 *   the target and leaves the answers in the target dir's cache. The build waits for it (it would ask rustc the
 *   same questions otherwise, side by side) and asks rustc nothing; the graphs are ready when the archives are
 *   written. A graph not started by then starts once cargo is done.
 * - Once cargo runs, the signing keys load (gpg-agent start, the key's unlock, a minisign password's derivation),
 *   then the gpg processes of the signatures start and wait for the files, and the SBOM library loads.
 */
function overlapWork(
  config: BinariesConfig,
  keys: SigningKeys,
  sbom: SbomSettings | undefined,
  targetDir: string,
): Overlap {
  const signed = 1 + (provenanceEnabled(config.provenance, config.sign) ? 1 : 0); // SHA256SUMS, provenance
  let early: Promise<unknown> | undefined;
  return {
    plan: (host) => {
      if (!sbom || early || (!config.targets && host === undefined)) return;
      early = Promise.resolve();
      const targets = targetSpecs(config, host ?? "").map((t) => t.target);
      if (!ensureTargetDir(targetDir)) return;
      // The first cargo starts in this turn (before the probes' processes), the others each after the previous one.
      const graph = (target: string) => resolvedGraph(sbom, target).catch(() => undefined);
      const [first, ...others] = targets;
      if (first !== undefined)
        early = others.reduce((previous, t) => previous.then(() => graph(t)), graph(first));
    },
    planned: async () => {
      await early;
    },
    build: (targets) => {
      void keys.signers().catch(() => undefined);
      keys.prestart(targets.length + signed);
      if (sbom) void sbomLibrary().catch(() => undefined);
    },
    built: (targets) => {
      if (sbom) for (const target of targets) void resolvedGraph(sbom, target);
    },
  };
}

/** The archives, built here (or collected with `prebuilt`), the commit they come from and, when built, its time. */
async function releaseArtifacts(
  config: BinariesConfig,
  context: Context,
  deps: HttpDeps,
  o: {
    cwd: string;
    version: string;
    workspace: Workspace;
    distDir: string;
    timings: Timing[];
    /** Starts the work that overlaps the build (or, with `prebuilt`, the collection), then what follows it. */
    overlap: Overlap;
  },
): Promise<{ artifacts: Artifact[]; gitHead: string; epoch?: number }> {
  const { cwd, version, workspace, distDir } = o;
  if (config.prebuilt) {
    o.overlap.build([]);
    // The release commit: semantic-release tags HEAD after prepare. Every job must have built it.
    const gitHead = await git({ cwd, env: context.env }, "rev-parse", "HEAD");
    const artifacts = await collectPrebuilt({
      dir: resolve(cwd, config.prebuilt),
      distDir,
      version,
      commit: gitHead,
      expected: await expectedTargets(config, workspace, { cwd, env: context.env, version }),
      logger: context.logger,
    });
    return { artifacts, gitHead };
  }
  o.overlap.plan();
  const { plan } = await loadPlan(config, { cwd, env: context.env, onHost: o.overlap.plan }, workspace);
  throwAll(planErrors(plan.problems));
  return buildRelease({
    config,
    plan,
    version,
    cwd,
    workspace,
    distDir,
    env: context.env,
    logger: context.logger,
    changelogFile: changelogFileOf(context.options),
    ...(context.stdout ? { stdout: context.stdout } : {}),
    timings: o.timings,
    ...(deps.now ? { now: deps.now } : {}),
    beforeBuild: o.overlap.planned,
    onBuildStarted: () => o.overlap.build(plan.targets.map((t) => t.target)),
    onBuilt: () => o.overlap.built(plan.targets.map((t) => t.target)),
  });
}

/** The size options recorded in the manifest, so that docker's prepare checks `maxSize.image` too. */
const sizeLimitsOf = (config: BinariesConfig): SizeLimits => ({
  ...(config.maxSize ? { maxSize: config.maxSize } : {}),
  ...(config.maxSizeIncrease ? { maxSizeIncrease: config.maxSizeIncrease } : {}),
});
