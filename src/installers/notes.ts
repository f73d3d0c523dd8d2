import { resolve } from "node:path";
import semver from "semver";
import { INSTALLERS_PLUGIN, listedOptions } from "../plugins.js";
import { throwAll } from "../errors/get-error.js";
import type { DistManifest } from "../manifest/dist-manifest.js";
import { mdCode } from "../util/shell-quote.js";
import { readManifest } from "../manifest/dist-manifest.js";
import { cwdOf } from "../util/context.js";
import type { Context } from "../types.js";
import { loadInstallersConfig } from "./config.js";
import { expectedSource, loadInstallerPlan, manifestSource } from "./load-plan.js";
import { packageNoteLines } from "./linux-packages.js";
import { plannedOutputs, type InstallerPlan } from "./plan.js";

/** The Scoop and winget bullets (Chocolatey's package is not published by the release: no line). */
function windowsNoteLines(plan: InstallerPlan, kind: string): string[] {
  const { bucket, winget } = plan;
  const name = plan.name.toLowerCase();
  if (kind === "scoop" && bucket && !semver.prerelease(plan.version))
    return [
      `- Scoop: ${mdCode(`scoop bucket add ${bucket.localName} ${bucket.addUrl}; scoop install ${bucket.localName}/${name}`)}`,
    ];
  if (kind === "winget" && winget)
    return [
      `- winget (once the manifests are accepted into winget-pkgs): ${mdCode(`winget install --id ${winget.packageIdentifier} --exact`)}`,
    ];
  return [];
}

/** One markdown bullet per installer of the plan, each a command to paste. Pure. */
export function installerNoteLinesOf(plan: InstallerPlan): string[] {
  const lines: string[] = [];
  const kinds = new Set<string>();
  for (const out of plannedOutputs(plan).outputs) {
    if (kinds.has(out.kind)) continue;
    kinds.add(out.kind);
    const url = `${plan.downloadUrl}/${out.file}`;
    if (out.kind === "shell") lines.push(`- Linux and macOS: ${mdCode(`curl -fsSL ${url} | sh`)}`);
    if (out.kind === "powershell")
      lines.push(`- Windows: ${mdCode(`powershell -ExecutionPolicy Bypass -c "irm ${url} | iex"`)}`);
    const tap = plan.formula?.tap;
    if (out.kind === "homebrew" && tap && !semver.prerelease(plan.version)) {
      const tapName = tap.brewName.split("/").slice(0, 2).join("/");
      const first = tap.tapUrl ? `brew tap ${tapName} ${tap.tapUrl} && ` : "";
      lines.push(`- Homebrew: ${mdCode(`${first}brew install ${tap.brewName}`)}`);
    }
    lines.push(...windowsNoteLines(plan, out.kind));
  }
  return [...lines, ...packageNoteLines(plan.linuxPackages?.packages ?? [], plan.downloadUrl)];
}

/**
 * The Install section's lines for `semantic-release-rust/installers` when it is listed (else none): from the
 * dist manifest when it holds this release (after prepare), else from the archives the binaries plugin's
 * options give. For the notes of `nextRelease`; throws the coded errors verifyConditions reports.
 */
export async function installerNoteLines(context: Context, manifest?: DistManifest): Promise<string[]> {
  const options = listedOptions(context, INSTALLERS_PLUGIN);
  const release = context.nextRelease;
  if (!options || !release) return [];
  const { config, errors } = loadInstallersConfig({ ...context.options, ...options });
  throwAll(errors);
  const found = manifest ?? (await readManifest(resolve(cwdOf(context), config.distDir)));
  const source =
    found?.version === release.version
      ? manifestSource(found)
      : await expectedSource(context, release.version);
  const { plan, errors: problems } = await loadInstallerPlan(config, context, release, source);
  throwAll(problems);
  return installerNoteLinesOf(plan);
}
