import { basename } from "node:path";
import { BINARIES_PLUGIN, listedOptions } from "../plugins.js";
import { loadWorkspace } from "../cargo/workspace.js";
import { archiveSettings } from "../binaries/archive-settings.js";
import { loadBinariesConfig } from "../binaries/config.js";
import { prebuiltPlanData } from "../binaries/plan.js";
import { hostTriple } from "../binaries/toolchain.js";
import type { DistManifest } from "../manifest/dist-manifest.js";
import type { SemanticReleaseError } from "../errors/semantic-release-error.js";
import { getError } from "../errors/get-error.js";
import { cwdOf } from "../util/context.js";
import type { Context } from "../types.js";
import { downloadUrlOf, tapOf, type InstallersConfig } from "./config.js";
import { packageMetadata } from "./package-metadata.js";
import {
  envPrefixOf,
  formulaClassName,
  planErrors,
  type FormulaInfo,
  type InstallerPlan,
  type PackageInfo,
} from "./plan.js";
import { platformArchives } from "./platforms.js";
import { windowsPackages } from "./windows-packages.js";
import { plannedPackages } from "./linux-packages.js";

/** The archives and programs a plan is made from: the manifest's after prepare, the expected ones before. */
export interface PlanSource {
  archives: { target?: string; path: string; sha256?: string }[];
  binaries: string[];
}

/** The manifest's archives (with their sha256) and the programs staged for each target. */
export function manifestSource(m: DistManifest): PlanSource {
  const programs = m.artifacts
    .filter((a) => a.kind === "binary")
    .map((a) => a.binary ?? basename(a.path).replace(/\.exe$/, ""));
  return { archives: m.artifacts.filter((a) => a.kind === "archive"), binaries: [...new Set(programs)] };
}

/** The options a plugin is listed with in `plugins`, or undefined when it is not listed. */

/** Before the build: the archives the binaries plugin's options give for `version` (no sha256 yet). */
export async function expectedSource(context: Context, version: string): Promise<PlanSource> {
  const options = listedOptions(context, BINARIES_PLUGIN);
  if (!options) return { archives: [], binaries: [] };
  const { config } = loadBinariesConfig(options);
  const cwd = cwdOf(context);
  const workspace = await loadWorkspace({ cwd, env: context.env, manifestPath: config.manifestPath });
  const host = config.targets ? "" : await hostTriple({ cwd, env: context.env });
  // The archives the binaries plan names (the same function its prebuilt collection checks against).
  const planned = prebuiltPlanData(workspace, host, { config, settings: archiveSettings(config), version });
  return {
    archives: planned.targets.map((t) => ({ target: t.target, path: t.archive })),
    binaries: planned.targets[0]?.binaries ?? [],
  };
}

/** The package's description, homepage and license (from `Cargo.toml`, the options and the repository URL). */
async function packageInfo(
  config: InstallersConfig,
  context: Context,
  program: string,
): Promise<PackageInfo> {
  const repositoryUrl = String(context.options?.repositoryUrl ?? "");
  const workspace = await loadWorkspace({
    cwd: cwdOf(context),
    env: context.env,
    manifestPath: config.manifestPath,
  });
  const meta = await packageMetadata(workspace, program);
  const web = /^https:\/\//.test(repositoryUrl) ? repositoryUrl.replace(/\.git$/, "") : undefined;
  const homepage = meta.homepage ?? web;
  return {
    description: config.description ?? meta.description ?? program,
    ...(homepage ? { homepage } : {}),
    ...(meta.license ? { license: meta.license } : {}),
    ...(web && /^https:\/\/github\.com\//.test(web) ? { githubUrl: web } : {}),
  };
}

function formulaInfo(
  config: InstallersConfig,
  context: Context,
  name: string,
  info: PackageInfo,
): FormulaInfo | SemanticReleaseError {
  const tap = tapOf(config, context, name);
  if (!tap) return getError("ENOTAP", { repositoryUrl: String(context.options?.repositoryUrl ?? "") });
  return {
    className: formulaClassName(name),
    desc: info.description,
    ...(info.homepage ? { homepage: info.homepage } : {}),
    ...(info.license ? { license: info.license } : {}),
    tap,
  };
}

/** The plan of a release from its source; every problem found is returned, none thrown. */
export async function loadInstallerPlan(
  config: InstallersConfig,
  context: Context,
  release: { version: string; gitTag: string },
  source: PlanSource,
): Promise<{ plan: InstallerPlan; errors: SemanticReleaseError[] }> {
  const errors: SemanticReleaseError[] = [];
  const name = config.name ?? source.binaries[0] ?? "";
  const url = downloadUrlOf(config, context, release);
  if (typeof url !== "string") errors.push(url);
  const plan: InstallerPlan = {
    name,
    version: release.version,
    downloadUrl: typeof url === "string" ? url : "",
    envPrefix: envPrefixOf(name),
    binaries: source.binaries,
    archives: platformArchives(source.archives),
    installers: config.installers,
    ...(config.minisignPublicKey ? { minisignPublicKey: config.minisignPublicKey } : {}),
  };
  if (config.linuxPackages) {
    const targets = source.archives.flatMap((a) => (a.target ? [a.target] : []));
    const signed = Boolean(
      (listedOptions(context, BINARIES_PLUGIN)?.sign as { gpg?: unknown } | undefined)?.gpg,
    );
    plan.linuxPackages = { ...plannedPackages(name, release.version, targets, config.linuxPackages), signed };
  }
  const needsInfo = config.installers.some((k) => k !== "shell" && k !== "powershell");
  const info = needsInfo ? await packageInfo(config, context, source.binaries[0] ?? name) : undefined;
  if (info && config.installers.includes("homebrew")) {
    const formula = formulaInfo(config, context, name, info);
    if ("tap" in formula) plan.formula = formula;
    else errors.push(formula);
  }
  if (info) errors.push(...windowsPackages(plan, config, context, info));
  return { plan, errors: [...errors, ...planErrors(plan)] };
}
