import { mkdir } from "node:fs/promises";
import type { BinariesConfig } from "../config/options/binaries.js";
import type { Artifact } from "../manifest/dist-manifest.js";
import { throwAll } from "../errors/get-error.js";
import type { Logger } from "../types.js";
import type { BuildPlan } from "./plan.js";
import { buildStamp } from "./build-env.js";
import { runBuilds } from "./run-build.js";
import { missingBinaries, smokeTest } from "./smoke-test.js";
import { signBinaries } from "./codesign.js";
import { packageTargets, releaseIncludes } from "./package-all.js";
import type { Workspace } from "../cargo/workspace.js";
import { releaseWrittenFiles } from "../git/release-files.js";
import { archiveSettings } from "./archive-settings.js";
import type { Clock, Timing } from "../summary/timings.js";

interface BuildReleaseOptions {
  config: BinariesConfig;
  plan: BuildPlan;
  version: string;
  /** The repository (git commands run here). */
  cwd: string;
  /** The workspace, as read for the plan (include patterns are relative to its root). */
  workspace: Pick<Workspace, "root" | "rootManifest" | "members">;
  distDir: string;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  stdout?: NodeJS.WritableStream;
  /** The core plugin's `changelogFile` (`changelogFileOf(context.options)`): packaged from disk if included. */
  changelogFile?: string | undefined;
  /** Receives the `build` and `package` timings of every target. */
  timings?: Timing[];
  now?: Clock;
  /**
   * Awaited just before the builds start: prepare's SBOM `cargo metadata`, started while the toolchain was probed,
   * finishes first, so that the rustc answers it caches in the target dir are there for the build.
   */
  beforeBuild?: () => Promise<void>;
  /**
   * Called once the builds have started (their programs spawned): work that overlaps the build starts here
   * (prepare loads the signing keys and the SBOM library).
   */
  onBuildStarted?: () => void;
  /**
   * Called once cargo is done, before the smoke tests and packaging: prepare starts here any SBOM graph not
   * started before the build.
   */
  onBuilt?: () => void;
}

/** Builds every planned target, checks and smoke-tests the binaries, packages and stages them. */
export async function buildRelease(
  o: BuildReleaseOptions,
): Promise<{ artifacts: Artifact[]; gitHead: string; epoch: number }> {
  const stamp = await buildStamp({ cwd: o.cwd, env: o.env });
  o.logger.log(
    "Building %s at %s (SOURCE_DATE_EPOCH=%s)",
    o.version,
    stamp.GIT_COMMIT_SHA,
    stamp.SOURCE_DATE_EPOCH,
  );
  for (const t of o.plan.targets) o.logger.log("Target %s: builder %s (%s)", t.target, t.builder, t.reason);
  const env = { ...o.env, ...stamp };
  await o.beforeBuild?.();
  const building = runBuilds(o.plan, {
    cwd: o.workspace.root,
    env,
    logger: o.logger,
    concurrency: o.config.buildConcurrency,
    ...(o.timings ? { timings: o.timings } : {}),
    ...(o.now ? { now: o.now } : {}),
    ...(o.stdout ? { stdout: o.stdout } : {}),
  });
  o.onBuildStarted?.();
  await building;
  throwAll(await missingBinaries(o.plan.targets));
  o.onBuilt?.();
  // Code signing changes the bytes: everything after it (smoke test, archives, hashes) reads the signed copies.
  const targets = await signBinaries(o.plan.targets, {
    config: o.config,
    targetDir: o.plan.targetDir,
    cwd: o.cwd,
    env: o.env,
    logger: o.logger,
    ...(o.stdout ? { stdout: o.stdout } : {}),
  });
  throwAll(
    await smokeTest(targets, {
      option: o.config.smokeTest,
      version: o.version,
      cwd: o.cwd,
      env: o.env,
      logger: o.logger,
    }),
  );
  // Archives hold the release commit's files; the manifests, Cargo.lock and changelog the release wrote are
  // taken from disk. Every include problem stops the release before anything is written to the dist folder.
  const written = await releaseWrittenFiles(o.workspace, { cwd: o.cwd, changelogFile: o.changelogFile });
  const archives = archiveSettings(o.config);
  const includes = await releaseIncludes(archives, {
    rootDir: o.workspace.root,
    targetDir: o.plan.targetDir,
    env: o.env,
    written,
  });
  await mkdir(o.distDir, { recursive: true });
  const artifacts = await packageTargets(o.plan, targets, {
    version: o.version,
    includes,
    distDir: o.distDir,
    mtime: Number(stamp.SOURCE_DATE_EPOCH),
    archives,
    env: o.env,
    logger: o.logger,
    ...(o.timings ? { timings: o.timings } : {}),
    ...(o.now ? { now: o.now } : {}),
  });
  return { artifacts, gitHead: stamp.GIT_COMMIT_SHA, epoch: Number(stamp.SOURCE_DATE_EPOCH) };
}
