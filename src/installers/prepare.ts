import { mkdir } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { getError, throwAll } from "../errors/get-error.js";
import { manifestPath, readManifest, writeManifest, type Artifact } from "../manifest/dist-manifest.js";
import { atomicWrite, sha256 } from "../util/atomic-write.js";
import { cwdOf } from "../util/context.js";
import type { InstallerKind } from "../config/options/installers.js";
import type { Context, PluginConfig } from "../types.js";
import { loadInstallersConfig } from "./config.js";
import { loadInstallerPlan, manifestSource } from "./load-plan.js";
import { isPackageArtifact, prepareLinuxPackages } from "./linux-packages-prepare.js";
import { plannedOutputs } from "./plan.js";
import { renderOutputs } from "./render.js";

/** The kinds this plugin adds to the manifest (replaced as a whole when prepare runs again). */
const OWN_KINDS = new Set<Artifact["kind"]>(["installer", "formula"]);
/** Outputs listed as `formula` (pushed to a tap or bucket, or packed by hand), not uploaded with the release. */
const PUBLISHED_ELSEWHERE = new Set<InstallerKind>(["homebrew", "scoop", "chocolatey"]);

/**
 * Writes `install.sh`, `install.ps1` and the Homebrew formula from the archives of `{distDir}/manifest.json`
 * (their names, targets and sha256 baked in) and lists them in the manifest: the scripts as `installer`
 * artifacts the GitHub plugin uploads, the formula as a `formula` it leaves for the tap. Pushes nothing.
 */
export async function prepare(pluginConfig: PluginConfig, context: Context): Promise<void> {
  const { config, errors } = loadInstallersConfig(pluginConfig);
  throwAll(errors);
  const release = context.nextRelease;
  if (!release) return;
  if (config.rustRelease === "split") {
    context.logger.log("Split release: the installers are written by `semantic-release-rust finish`");
    return;
  }
  const distDir = resolve(cwdOf(context), config.distDir);
  const manifest = await readManifest(distDir);
  if (!manifest || manifest.version !== release.version) {
    const reason = manifest ? `it is for ${manifest.version}, not ${release.version}` : "it does not exist";
    throw getError("EDISTMANIFEST", { path: manifestPath(distDir), reason });
  }
  const { plan, errors: planProblems } = await loadInstallerPlan(
    config,
    context,
    release,
    manifestSource(manifest),
  );
  throwAll(planProblems);
  const artifacts = manifest.artifacts.filter(
    (a) => !OWN_KINDS.has(a.kind) && !isPackageArtifact(a, manifest.artifacts),
  );
  for (const o of renderOutputs(plan)) {
    const path = join(distDir, o.file);
    await mkdir(dirname(path), { recursive: true });
    await atomicWrite(path, o.text);
    const kind = PUBLISHED_ELSEWHERE.has(o.kind) ? "formula" : "installer";
    artifacts.push({ path: o.file, kind, size: Buffer.byteLength(o.text), sha256: sha256(o.text) });
    context.logger.log(
      "Wrote %s for %d platforms: %s",
      o.file,
      o.archives.length,
      o.archives.map((a) => a.target).join(", "),
    );
  }
  for (const kind of plannedOutputs(plan).skipped)
    context.logger.log("No %s installer: no archive of this release runs where it does", kind);
  artifacts.push(...(await prepareLinuxPackages(config, context, { plan, manifest, distDir })));
  await writeManifest(distDir, { ...manifest, artifacts });
}
