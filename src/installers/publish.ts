import { resolve } from "node:path";
import semver from "semver";
import { GITHUB_PLUGIN, INSTALLERS_PLUGIN } from "../plugins.js";
import { getError, throwAll } from "../errors/get-error.js";
import { publishDeferred, upstreamListedAfter } from "../github/plugin-order.js";
import { HttpClient, type HttpDeps } from "../http/client.js";
import { cwdOf } from "../util/context.js";
import type { Context, PluginConfig } from "../types.js";
import { checkDownloads, type ExpectedDownload } from "./check-downloads.js";
import { loadInstallersConfig, needsToken, tapOf, tapToken, type InstallersConfig } from "./config.js";
import type { TapStep } from "./preview.js";
import { readPublishedFile } from "./published-file.js";
import { publishScoop } from "./scoop-publish.js";
import { pushFormula } from "./tap.js";
import { summarySteps } from "../summary/job-summary.js";

/** Test seams: the clock and sleep of download retries. */
export type PublishDeps = HttpDeps & { baseDelayMs?: number };

/** Where the formula goes out: after the GitHub plugin's uploads, which happen in success when it defers. */
export const tapStep = (context: Context): TapStep =>
  upstreamListedAfter(context, GITHUB_PLUGIN) ? "success" : "publish";

/** The `url`/`sha256` pairs of a formula, read from its text: exactly what `brew install` will fetch. */
export function formulaDownloads(text: string): ExpectedDownload[] {
  const pairs = text.matchAll(/^\s*url "((?:[^"\\]|\\.)*)"\n\s*sha256 "([0-9a-f]{64})"$/gm);
  return [...pairs].map((m) => ({ url: (m[1] ?? "").replace(/\\(.)/g, "$1"), sha256: m[2] ?? "" }));
}

/**
 * Pushes the Homebrew formula to the tap once every archive it names downloads with the build's sha256 (so a
 * formula never points at a draft, a missing or a different asset). Prereleases leave the tap alone.
 */
async function publishFormula(config: InstallersConfig, context: Context, deps: PublishDeps) {
  const release = context.nextRelease;
  if (!release || !config.installers.includes("homebrew")) return;
  const { logger, env } = context;
  if (semver.prerelease(release.version)) {
    logger.log("%s is a prerelease: the Homebrew tap keeps its formula", release.version);
    return;
  }
  const distDir = resolve(cwdOf(context), config.distDir);
  const formula = await readPublishedFile(distDir, release.version, "Homebrew formula", (p) =>
    p.endsWith(".rb"),
  );
  const name = formula.path.replace(/^.*\//, "").replace(/\.rb$/, "");
  const tap = tapOf(config, context, name);
  if (!tap) throw getError("ENOTAP", { repositoryUrl: String(context.options?.repositoryUrl ?? "") });
  const token = tapToken(env);
  if (needsToken(tap) && !token) throw getError("ENOTAPTOKEN", { tap: tap.display });
  const http = new HttpClient({ env, userAgent: INSTALLERS_PLUGIN, ...deps });
  const problems = await checkDownloads(http, formulaDownloads(formula.text));
  if (problems.length) throw getError("EFORMULAASSETS", { assets: problems });
  const path = `Formula/${name}.rb`;
  const message = `${name} ${release.version}`;
  const outcome = await pushFormula({ tap, path, text: formula.text, message, token, env });
  if (outcome === "unchanged")
    logger.log("The tap %s already has %s of %s: nothing to push", tap.display, path, release.version);
  else
    logger.log(
      "Pushed %s (%s) to the Homebrew tap %s: brew install %s",
      path,
      release.version,
      tap.display,
      tap.brewName,
    );
}

/** Pushes the files that go to repositories of their own: the Scoop manifest, then the Homebrew formula. */
async function publishPushed(pluginConfig: PluginConfig, context: Context, deps: PublishDeps) {
  const { config, errors } = loadInstallersConfig(pluginConfig);
  throwAll(errors);
  await publishScoop(config, context, deps);
  await publishFormula(config, context, deps);
}

/** In the split release's semantic-release run the formula waits for `finish`, which runs these steps again. */
function splitRun(pluginConfig: PluginConfig, context: Context): boolean {
  if (loadInstallersConfig(pluginConfig).config.rustRelease !== "split") return false;
  context.logger.log(
    "Split release: the Homebrew formula and the Scoop manifest are pushed by `semantic-release-rust finish`",
  );
  return true;
}

/** publish: pushes the formula, unless the GitHub assets go up in success (then it follows them there). */
export async function publish(pluginConfig: PluginConfig, context: Context, deps: PublishDeps = {}) {
  if (splitRun(pluginConfig, context)) return undefined;
  if (tapStep(context) === "publish") await publishPushed(pluginConfig, context, deps);
  else
    context.logger.log(
      "The GitHub assets are uploaded in the success step: the Homebrew formula follows them there",
    );
  return undefined;
}

/** success: pushes the formula when the GitHub plugin uploaded the assets in its own success step. */
export async function success(pluginConfig: PluginConfig, context: Context, deps: PublishDeps = {}) {
  const deferred = tapStep(context) === "success" && publishDeferred(context, GITHUB_PLUGIN);
  if (!splitRun(pluginConfig, context) && deferred) await publishPushed(pluginConfig, context, deps);
  await summarySteps(INSTALLERS_PLUGIN).success(pluginConfig, context);
}
