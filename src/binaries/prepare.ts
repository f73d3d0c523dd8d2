import { join, resolve } from "node:path";
import { getError, throwAll } from "../errors/get-error.js";
import { writeManifest, type Artifact } from "../manifest/dist-manifest.js";
import { selectReleasePackages } from "../cargo/release-packages.js";
import { loadWorkspace } from "../cargo/workspace.js";
import { cwdOf } from "../util/context.js";
import type { Context, PluginConfig } from "../types.js";
import { removeStrayTemps } from "../util/atomic-write.js";
import { exec } from "../util/exec.js";
import { changelogFileOf } from "../git/release-files.js";
import { archiveSettings, expectedArchive } from "./archive-settings.js";
import { releaseName, selectBins, planErrors } from "./plan.js";
import { buildRelease } from "./build-release.js";
import { writeSha256Sums } from "./checksums.js";
import { collectPrebuilt } from "./collect-prebuilt.js";
import { hostTriple } from "./toolchain.js";
import { distDirOf, loadBinariesConfig, loadPlan } from "./config.js";
import type { HttpDeps } from "../http/client.js";
import { recordTimings, type Timing } from "../summary/timings.js";
import { checkSizes } from "../sizes/check-sizes.js";
import { notesRecord } from "./notes-config.js";

/**
 * Builds (or collects, with `prebuilt`) every target's binaries for `nextRelease.version`, packages them and
 * writes `SHA256SUMS` and `{distDir}/manifest.json`, then runs the size gate (`maxSize`, `maxSizeIncrease`
 * against the last release's `manifest.json` asset): over a limit, the release stops before the tag. Pushes
 * nothing. `deps`: the clock of the recorded timings and the clock and sleep of the previous-manifest download.
 */
export async function prepare(
  pluginConfig: PluginConfig,
  context: Context,
  deps: HttpDeps = {},
): Promise<void> {
  const { config, errors } = loadBinariesConfig(pluginConfig);
  throwAll(errors);
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
  let artifacts: Artifact[];
  let gitHead: string;
  const { bins, packages: owners } = selectBins(config, workspace);
  const name = releaseName(config, bins, owners);
  const timings: Timing[] = [];
  if (config.prebuilt) {
    const settings = archiveSettings(config);
    const targets = config.targets ?? [{ target: await hostTriple({ cwd, env: context.env }) }];
    artifacts = await collectPrebuilt({
      dir: resolve(cwd, config.prebuilt),
      distDir,
      version,
      expected: targets.map((t) => ({
        target: t.target,
        archive: expectedArchive(settings, { name, version, target: t.target }),
      })),
      logger: context.logger,
    });
    gitHead = (await exec("git", ["rev-parse", "HEAD"], { cwd, env: context.env })).stdout.trim();
  } else {
    const { plan } = await loadPlan(config, { cwd, env: context.env });
    throwAll(planErrors(plan.problems));
    ({ artifacts, gitHead } = await buildRelease({
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
      timings,
      ...(deps.now ? { now: deps.now } : {}),
    }));
  }
  const archives = artifacts.filter((a) => a.kind === "archive");
  const sums = await writeSha256Sums(
    distDir,
    archives.map((a) => ({ path: join(distDir, a.path), sha256: a.sha256 })),
  );
  artifacts.push({ path: "SHA256SUMS", kind: "checksums", size: sums.size, sha256: sums.sha256 });
  const notes = await notesRecord(config, context, cwd);
  const sizeLimits = {
    ...(config.maxSize ? { maxSize: config.maxSize } : {}),
    ...(config.maxSizeIncrease ? { maxSizeIncrease: config.maxSizeIncrease } : {}),
  };
  const manifest = { schemaVersion: 1 as const, version, gitHead, artifacts, name, notes, sizeLimits };
  await writeManifest(distDir, manifest);
  await recordTimings(distDir, version, timings);
  context.logger.log("Wrote %s artifacts and %s", artifacts.length, resolve(distDir, "manifest.json"));
  await checkSizes({ manifest, limits: config, distDir, context }, deps);
}
