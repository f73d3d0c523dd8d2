import type { Context, Logger } from "../types.js";
import type { Workspace } from "../cargo/workspace.js";
import { changelogFileOf, releaseWrittenFiles } from "../git/release-files.js";
import { cwdOf } from "../util/context.js";
import type { Artifact } from "../manifest/dist-manifest.js";
import { availableParallelism } from "node:os";
import { packageTarget } from "./package-target.js";
import { runBounded } from "../util/run-bounded.js";
import { resolveIncludes, type ResolvedInclude } from "./include-globs.js";
import type { BuildPlan, PlannedTarget } from "./plan.js";
import { stageBinaries } from "./stage-binaries.js";
import type { ArchiveSettings } from "./archive-settings.js";
import type { Clock, Timing } from "../summary/timings.js";

/**
 * The includes of every archive: files of the release commit (and the release-written files, from disk) matched
 * by `include` and the defaults, plus `includeGenerated` build outputs from the workspace or `targetDir`.
 */
export const releaseIncludes = (
  archives: ArchiveSettings,
  o: {
    rootDir: string;
    targetDir: string;
    env: NodeJS.ProcessEnv;
    written?: ReadonlySet<string>;
    checkOnly?: boolean;
  },
): Promise<ResolvedInclude[]> =>
  resolveIncludes(o.rootDir, archives.include, {
    defaults: archives.includeDefaults,
    generated: archives.includeGenerated,
    targetDir: o.targetDir,
    env: o.env,
    ...(o.written ? { written: o.written } : {}),
    ...(o.checkOnly ? { checkOnly: true } : {}),
  });

/**
 * The include check of verifyConditions and verifyRelease: `releaseIncludes` with `checkOnly`, the release-written
 * files taken from the context (its `cwd` and the core plugin's `changelogFile`).
 */
export const checkReleaseIncludes = async (
  archives: ArchiveSettings,
  workspace: Pick<Workspace, "root" | "rootManifest" | "members">,
  o: { targetDir: string; context: Context },
): Promise<ResolvedInclude[]> =>
  releaseIncludes(archives, {
    rootDir: workspace.root,
    targetDir: o.targetDir,
    env: o.context.env,
    written: await releaseWrittenFiles(workspace, {
      cwd: cwdOf(o.context),
      changelogFile: changelogFileOf(o.context.options),
    }),
    checkOnly: true,
  });

interface PackageOptions {
  version: string;
  /** The files every archive includes (see `releaseIncludes`). */
  includes: readonly ResolvedInclude[];
  distDir: string;
  /** Time stamp of every archive entry: the release commit's time (`SOURCE_DATE_EPOCH`). */
  mtime: number;
  archives: ArchiveSettings;
  /** Environment of the `xz`/`zstd` programs. */
  env: NodeJS.ProcessEnv;
  logger: Logger;
  /** Receives one `package` timing per target. */
  timings?: Timing[];
  now?: Clock;
}

/** Packages each target (archive + `.sha256`) and stages its binaries; returns their artifacts. */
export async function packageTargets(
  plan: BuildPlan,
  targets: readonly PlannedTarget[],
  o: PackageOptions,
): Promise<Artifact[]> {
  const includes = [...o.includes];
  // Targets are packaged concurrently: compression runs in libuv's thread pool, hashing as bytes are written.
  const now = o.now ?? Date.now;
  const jobs = targets.map((t) => async (): Promise<Artifact[]> => {
    const started = now();
    const packaged = await packageTarget({
      name: plan.name,
      version: o.version,
      target: t.target,
      format: o.archives.formatFor(t.target),
      archiveName: o.archives.archiveName,
      ...(o.archives.signed ? { signed: true } : {}),
      binaries: t.binaries.map((b) => ({ name: b.name, path: b.path })),
      includes,
      distDir: o.distDir,
      mtime: o.mtime,
      env: o.env,
      ...(o.archives.level === undefined ? {} : { level: o.archives.level }),
    });
    for (const a of packaged)
      if (a.kind === "archive") o.logger.log("Packaged %s (%d bytes)", a.path, a.size);
    o.timings?.push({ step: "package", label: t.target, ms: now() - started });
    return [...packaged, ...(await stageBinaries(o.distDir, t))];
  });
  const results = await runBounded(jobs, Math.max(1, Math.min(4, availableParallelism())));
  return results.flat();
}
