import { CARGO_PLUGIN } from "../plugins.js";
import { planJson } from "../plan/plan-json.js";
import { planRelease, type PluginPlan, type ReleasePlan } from "../plan/release-plan.js";
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import semver from "semver";
import { currentVersion, selectReleasePackages } from "../cargo/release-packages.js";
import { loadWorkspace } from "../cargo/workspace.js";
import { loadConfig } from "../config/index.js";
import { cargoOptions } from "../config/options/cargo.js";
import {
  bundlePlugins,
  listed,
  readReleaseConfig,
  RELEASE_CONFIG_FILES,
  type ListedPlugin,
  type ReleaseConfig,
} from "../config/release-config.js";
import { getError } from "../errors/get-error.js";
import { compareVersions, versionProblem } from "../util/version.js";
import { parseArgs } from "./args.js";
import type { CliIo, Command } from "./command.js";

const NAME = "semantic-release-rust plan";
const USAGE = `usage: ${NAME} [--version VERSION] [--cwd DIR] [--json]`;

/** The Cargo version of the release packages (as the core plugin selects them). */
async function cargoVersion(cwd: string, env: NodeJS.ProcessEnv, rc: ReleaseConfig): Promise<string> {
  const { config } = loadConfig(CARGO_PLUGIN, cargoOptions, {
    ...(listed(rc, CARGO_PLUGIN)?.pluginConfig ?? rc.globals),
  });
  const ws = await loadWorkspace({ cwd, env, manifestPath: config.manifestPath });
  return currentVersion(selectReleasePackages(ws, config.packages));
}

const errorLines = (error: unknown): string[] => {
  const all = error instanceof AggregateError ? (error.errors as unknown[]) : [error];
  return all.map((e) => {
    const code = (e as { code?: unknown }).code;
    return `${typeof code === "string" ? `${code} ` : ""}${e instanceof Error ? e.message : String(e)}`;
  });
};

/** A wrong invocation or an unreadable repository: printed on stderr, exit code 2. */
class UsageError extends Error {}

/** The options: the folder (an existing one) and the version asked for, if any. */
async function readRequest(
  args: string[],
  io: CliIo,
): Promise<{ cwd: string; asked?: string; json: boolean }> {
  const { values, positionals, error } = parseArgs(args, {
    version: "string",
    cwd: "string",
    json: "boolean",
  });
  if (error) throw new UsageError(`${error} (${USAGE})`);
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]} (${USAGE})`);
  const asked = values.version as string | undefined;
  const reason = asked === undefined ? undefined : versionProblem(asked);
  if (asked !== undefined && reason) {
    const e = getError("EINVALIDVERSION", { version: asked, reason });
    throw new UsageError(`--version must be a semantic version: ${e.code} ${e.message}`);
  }
  const cwd = resolve(io.cwd, (values.cwd as string | undefined) ?? ".");
  const isDir = await stat(cwd).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isDir) throw new UsageError(`${cwd} is not a folder`);
  return { cwd, json: values.json === true, ...(asked === undefined ? {} : { asked }) };
}

/** The release configuration and the bundle's plugins it lists (at least one). */
async function readPlanConfig(cwd: string): Promise<{ rc: ReleaseConfig; ours: ListedPlugin[] }> {
  const rc = await readReleaseConfig(cwd).catch((e: unknown) => {
    throw new UsageError((e as Error).message);
  });
  if (!rc) throw new UsageError(`no release configuration (${RELEASE_CONFIG_FILES.join(", ")}) in ${cwd}`);
  const ours = bundlePlugins(rc);
  if (ours.length === 0) throw new UsageError(`${rc.file} lists no semantic-release-rust plugin`);
  return { rc, ours };
}

/** The version to plan: the one asked for, else the next minor of the Cargo version; greater than Cargo's. */
async function planVersion(cwd: string, io: CliIo, rc: ReleaseConfig, asked: string | undefined) {
  const current = await cargoVersion(cwd, io.env, rc).catch((e: unknown) => {
    throw new UsageError(errorLines(e).join("; "));
  });
  const version = asked ?? semver.inc(current, "minor");
  if (!version)
    throw new UsageError(`the Cargo version ${current} is not a semantic version: pass --version`);
  if (compareVersions(version, current) <= 0)
    throw new UsageError(`${version} is not greater than the Cargo version ${current}`);
  return { current, version };
}

/** Prints one plugin's plan (problems also on stderr); its status. */
function printPlugin(p: PluginPlan, io: CliIo): PluginPlan["status"] {
  const out = (line: string) => io.stdout.write(`${line}\n`);
  out(`${p.plugin}:`);
  if (p.status === "no-preview") out("  (no preview for this plugin)");
  for (const line of p.lines) out(`  ${line}`);
  for (const { code, message } of p.problems) {
    const line = `${code ? `${code} ` : ""}${message}`;
    io.stderr.write(`${p.plugin}: ${line}\n`);
    out(`  no plan: ${line}`);
  }
  return p.status;
}

/** The plan as one JSON object on stdout (problems also on stderr); each plugin's status. */
function printJson(plan: ReleasePlan, io: CliIo): PluginPlan["status"][] {
  for (const p of plan.plugins)
    for (const { code, message } of p.problems)
      io.stderr.write(`${p.plugin}: ${code ? `${code} ` : ""}${message}\n`);
  io.stdout.write(`${JSON.stringify(planJson(plan), null, 2)}\n`);
  return plan.plugins.map((p) => p.status);
}

/** The plan as text; `current` is the Cargo version when the version planned is its next minor. */
function printText(plan: ReleasePlan, io: CliIo, current: string | undefined): PluginPlan["status"][] {
  io.stdout.write(
    current === undefined
      ? `Plan for ${plan.version} (${plan.gitTag}), from ${plan.configFile}\n`
      : `Plan for ${plan.version} (${plan.gitTag}): the next minor of the Cargo version ${current} (choose another with --version), from ${plan.configFile}\n`,
  );
  return plan.plugins.map((p) => printPlugin(p, io));
}

/** `plan`: what a release of this repository would do, plugin by plugin, computed without running anything. */
export const planCommand: Command = {
  async run(args, io) {
    try {
      const { cwd, asked, json } = await readRequest(args, io);
      const { rc } = await readPlanConfig(cwd);
      const { current, version } = await planVersion(cwd, io, rc, asked);
      const log = (m: string, ...a: unknown[]) => io.stderr.write(`${[m, ...a].join(" ")}\n`);
      const plan = await planRelease({ cwd, env: io.env, rc, version, log });
      const statuses = json ? printJson(plan, io) : printText(plan, io, asked ? undefined : current);
      return statuses.includes("misconfigured") ? 2 : statuses.includes("failed") ? 1 : 0;
    } catch (e) {
      if (!(e instanceof UsageError)) throw e;
      io.stderr.write(`${NAME}: ${e.message.replace(/\s*\n\s*/g, " ")}\n`);
      return 2;
    }
  },
};
