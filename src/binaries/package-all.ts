import type { Logger } from "../types.js";
import type { Artifact } from "../manifest/dist-manifest.js";
import { availableParallelism } from "node:os";
import { packageTarget } from "./package-target.js";
import { runBounded } from "../util/run-bounded.js";
import { resolveIncludes } from "./include-globs.js";
import type { BuildPlan, PlannedTarget } from "./build-plan.js";
import { stageBinaries } from "./stage-binaries.js";
import type { ArchiveSettings } from "./archive-settings.js";

export interface PackageOptions {
  version: string;
  /** Folder the include patterns are relative to (the workspace root). */
  rootDir: string;
  distDir: string;
  /** Time stamp of every archive entry: the release commit's time (`SOURCE_DATE_EPOCH`). */
  mtime: number;
  archives: ArchiveSettings;
  /** Environment of the `xz`/`zstd` programs. */
  env: NodeJS.ProcessEnv;
  logger: Logger;
}

/** Packages each target (archive + `.sha256`) and stages its binaries; returns their artifacts. */
export async function packageTargets(
  plan: BuildPlan,
  targets: readonly PlannedTarget[],
  o: PackageOptions,
): Promise<Artifact[]> {
  const includes = await resolveIncludes(o.rootDir, o.archives.include, {
    defaults: o.archives.includeDefaults,
  });
  // Targets are packaged concurrently: compression runs in libuv's thread pool, hashing as bytes are written.
  const jobs = targets.map((t) => async (): Promise<Artifact[]> => {
    const packaged = await packageTarget({
      name: plan.name,
      version: o.version,
      target: t.target,
      format: o.archives.formatFor(t.target),
      archiveName: o.archives.archiveName,
      binaries: t.binaries.map((b) => ({ name: b.name, path: b.path })),
      includes,
      distDir: o.distDir,
      mtime: o.mtime,
      env: o.env,
      ...(o.archives.level === undefined ? {} : { level: o.archives.level }),
    });
    for (const a of packaged)
      if (a.kind === "archive") o.logger.log("Packaged %s (%d bytes)", a.path, a.size);
    return [...packaged, ...(await stageBinaries(o.distDir, t))];
  });
  const results = await runBounded(jobs, Math.max(1, Math.min(4, availableParallelism())));
  return results.flat();
}
