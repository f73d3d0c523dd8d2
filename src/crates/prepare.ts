import { getError, throwAll } from "../errors/get-error.js";
import type { Context, PluginConfig } from "../types.js";
import { exec, ExecError } from "../util/exec.js";
import { packageArgs } from "./cargo-args.js";
import { loadCratesConfig } from "./config.js";
import { missingMetadata, oversizedCrates, readPackageFacts } from "./package-checks.js";
import { packageRuns } from "./package-runs.js";
import { stepCargo } from "./release-dirt.js";
import { resolve } from "node:path";
import { readManifest, writeManifest } from "../manifest/dist-manifest.js";

const MIB = 1024 * 1024;

/**
 * Checks every crate to publish after the version bump, before the tag is pushed, so that what the registry
 * would refuse stops the release early: the required metadata (a missing license), `cargo package` (a path
 * dependency without a version, uncommitted changes, a build failure), then the size of each `.crate`.
 * The release's own uncommitted edits (the bump when it is not committed back) do not count (`allowReleaseDirt`).
 * Nothing leaves the machine; cargo only reads the registry's index.
 */
export async function prepare(pluginConfig: PluginConfig, context: Context): Promise<void> {
  const run = await loadCratesConfig(pluginConfig, context);
  throwAll(run.errors);
  const { registry, workspace, config } = run;
  if (!run.plan || !registry || !workspace || run.plan.crates.length === 0) return;
  const { cargo, env, allowDirt } = stepCargo({ cwd: run.cwd, registry, workspace }, context);
  const { plan, refused } = await allowDirt(run.plan);
  // Cargo's message for the crate with other changes: a run of several crates would name only the first's.
  if (refused) throw getError("ECARGOPACKAGE", { crates: [refused.crate], output: refused.output });

  const names = plan.crates.map((c) => c.name);
  const facts = await readPackageFacts(cargo, workspace.rootManifest, { cwd: run.cwd, env });
  const missing = missingMetadata(plan.crates, facts, config.requiredMetadata);
  if (missing.length > 0) throw getError("ECRATEMETADATA", { problems: missing });

  for (const r of packageRuns(plan.crates)) {
    context.logger.log(
      "Packaging %s%s",
      r.crates.map((c) => c.name).join(", "),
      r.noVerify ? " (without building them: noVerify)" : "",
    );
    try {
      await exec(cargo, packageArgs(r.crates, registry, workspace.rootManifest, r), {
        cwd: run.cwd,
        env,
        stream: context.stdout,
      });
    } catch (error) {
      const output = error instanceof ExecError ? error.result.stderr : (error as Error).message;
      throw getError("ECARGOPACKAGE", { crates: r.checks, output });
    }
  }

  const large = await oversizedCrates(plan.crates, workspace.targetDir, config.maxCrateSize * MIB);
  if (large.length > 0) throw getError("ECRATETOOLARGE", { crates: large, maxMiB: config.maxCrateSize });
  context.logger.log("Packaged %s: ready to publish to %s", names.join(", "), registry.label);
  await recordCrates(
    resolve(run.cwd, config.distDir),
    context.nextRelease?.version,
    plan.crates,
    registry.isCratesIo,
  );
}

/**
 * Lists the crates to publish (with their crates.io pages) in `{distDir}/manifest.json` of this version, for the
 * release notes and the job summary. Without such a manifest (no binaries plugin) nothing is written.
 */
async function recordCrates(
  distDir: string,
  version: string | undefined,
  crates: readonly { name: string; version: string }[],
  cratesIo: boolean,
): Promise<void> {
  const manifest = await readManifest(distDir).catch(() => undefined);
  if (!manifest || manifest.version !== version) return;
  const url = (c: { name: string; version: string }) =>
    cratesIo ? `https://crates.io/crates/${encodeURIComponent(c.name)}/${encodeURIComponent(c.version)}` : "";
  const records = crates.map((c) => ({ name: c.name, version: c.version, url: url(c) }));
  await writeManifest(distDir, { ...manifest, crates: records });
}
