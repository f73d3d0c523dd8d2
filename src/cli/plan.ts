import { BINARIES_PLUGIN, CARGO_PLUGIN, CRATES_PLUGIN, DOCKER_PLUGIN, GITHUB_PLUGIN } from "../plugins.js";
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import semver from "semver";
import { previewBinaries } from "../binaries/verify-release.js";
import { binariesConfigErrors } from "../binaries/verify-archives.js";
import { currentVersion, selectReleasePackages } from "../cargo/release-packages.js";
import { computeVersionPlan } from "../cargo/set-version.js";
import { describeVersionPlan } from "../cargo/preview.js";
import { loadWorkspace } from "../cargo/workspace.js";
import { loadConfig } from "../config/index.js";
import { cargoOptions } from "../config/options/cargo.js";
import { cratesOptions } from "../config/options/crates.js";
import { githubOptions } from "../config/options/github.js";
import { loadDockerConfig } from "../docker/config.js";
import { dockerConfigErrors } from "../docker/verify.js";
import type { SemanticReleaseError } from "../errors/semantic-release-error.js";
import { assetTemplateErrors } from "../github/verify-templates.js";
import { tagFormatErrors } from "../cargo/tag-format.js";
import {
  bundlePlugins,
  listed,
  readReleaseConfig,
  type ListedPlugin,
  type ReleaseConfig,
} from "../config/release-config.js";
import { renderTagFormat } from "../config/templates.js";
import { previewCrates } from "../crates/verify-release.js";
import { previewDocker } from "../docker/verify-release.js";
import { previewGithub } from "../github/verify-release.js";
import type { BranchSpec, Context, PluginConfig, Release } from "../types.js";
import { getError } from "../errors/get-error.js";
import { exec } from "../util/exec.js";
import { compareVersions, versionProblem } from "../util/version.js";
import { parseArgs } from "./args.js";
import type { CliIo, Command } from "./command.js";
import { DEFAULT_TAG_FORMAT } from "../plugins.js";

const NAME = "semantic-release-rust plan";
const USAGE = `usage: ${NAME} [--version VERSION] [--cwd DIR]`;

type Preview = (
  config: PluginConfig,
  context: Context,
  release: Release,
  branch: BranchSpec,
) => Promise<string[]>;

/** The Cargo bump of the core plugin: the same lines its verifyRelease logs. */
const previewCargo: Preview = async (pluginConfig, context, release) => {
  const { config, errors } = loadConfig(CARGO_PLUGIN, cargoOptions, pluginConfig);
  if (errors[0]) throw errors[0];
  const ws = await loadWorkspace({
    cwd: context.cwd ?? ".",
    env: context.env,
    manifestPath: config.manifestPath,
  });
  return describeVersionPlan(await computeVersionPlan(ws, { ...config, version: release.version }));
};

type ConfigCheck = (config: PluginConfig, context: Context) => Promise<SemanticReleaseError[]>;

/**
 * The configuration checks of each plugin's verifyConditions that need no network, daemon or build (options,
 * templates, names, levels, `tagFormat`); any error makes `plan` exit 2.
 */
const configChecks: Record<string, ConfigCheck> = {
  [CARGO_PLUGIN]: async (c, ctx) => [
    ...loadConfig(CARGO_PLUGIN, cargoOptions, c).errors,
    ...(await tagFormatErrors(ctx, ctx.cwd ?? ".")),
  ],
  [BINARIES_PLUGIN]: binariesConfigErrors,
  [CRATES_PLUGIN]: async (c) => loadConfig(CRATES_PLUGIN, cratesOptions, c).errors,
  [DOCKER_PLUGIN]: async (c, ctx) => dockerConfigErrors(loadDockerConfig(c, ctx), ctx),
  [GITHUB_PLUGIN]: async (c, ctx) => {
    const { config, errors } = loadConfig(GITHUB_PLUGIN, githubOptions, c);
    return [...errors, ...assetTemplateErrors(config, ctx)];
  },
};

/** Every plugin of the bundle that has a preview, by the name listed in `plugins`. */
const previews: Record<string, Preview> = {
  [CARGO_PLUGIN]: previewCargo,
  [BINARIES_PLUGIN]: (c, ctx, r) => previewBinaries(c, ctx, r.version),
  [CRATES_PLUGIN]: (c, ctx, r) => previewCrates(c, ctx, r.version),
  [DOCKER_PLUGIN]: (c, ctx, r) => previewDocker(c, ctx, r),
  [GITHUB_PLUGIN]: (c, ctx, r, b) => previewGithub(c, ctx, r, b),
};

const git = (cwd: string, env: NodeJS.ProcessEnv, ...args: string[]): Promise<string | undefined> =>
  exec("git", args, { cwd, env }).then(
    (r) => r.stdout.trim() || undefined,
    () => undefined,
  );

/** The Cargo version of the release packages (as the core plugin selects them). */
async function cargoVersion(cwd: string, env: NodeJS.ProcessEnv, rc: ReleaseConfig): Promise<string> {
  const { config } = loadConfig(CARGO_PLUGIN, cargoOptions, {
    ...(listed(rc, CARGO_PLUGIN)?.pluginConfig ?? rc.globals),
  });
  const ws = await loadWorkspace({ cwd, env, manifestPath: config.manifestPath });
  return currentVersion(selectReleasePackages(ws, config.packages));
}

/** The release `plan` shows: tag from `tagFormat`, a prerelease channel for a prerelease version. */
async function releaseFor(cwd: string, io: CliIo, rc: ReleaseConfig, version: string) {
  const tagFormat = typeof rc.globals.tagFormat === "string" ? rc.globals.tagFormat : DEFAULT_TAG_FORMAT;
  // A format our tooling cannot read is a config error (ETAGFORMAT): shown as written.
  const gitTag = renderTagFormat(tagFormat, version).tag ?? tagFormat;
  const pre = semver.prerelease(version)?.[0];
  const channel = typeof pre === "string" ? pre : null;
  const branchName = (await git(cwd, io.env, "rev-parse", "--abbrev-ref", "HEAD")) ?? "main";
  const branch: BranchSpec = channel
    ? { name: branchName, type: "prerelease", prerelease: channel, channel, main: false }
    : { name: branchName, type: "release", main: true };
  const gitHead = await git(cwd, io.env, "rev-parse", "HEAD");
  const release: Release = { version, gitTag, name: gitTag, channel, ...(gitHead ? { gitHead } : {}) };
  return { release, branch };
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
async function readRequest(args: string[], io: CliIo): Promise<{ cwd: string; asked?: string }> {
  const { values, positionals, error } = parseArgs(args, { version: "string", cwd: "string" });
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
  return { cwd, ...(asked === undefined ? {} : { asked }) };
}

/** The release configuration and the bundle's plugins it lists (at least one). */
async function readPlanConfig(cwd: string): Promise<{ rc: ReleaseConfig; ours: ListedPlugin[] }> {
  const rc = await readReleaseConfig(cwd).catch((e: unknown) => {
    throw new UsageError((e as Error).message);
  });
  if (!rc)
    throw new UsageError(
      `no JSON release configuration (.releaserc.json, .releaserc, package.json#release) in ${cwd}`,
    );
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

/** The context every preview gets: semantic-release's, in a dry run, logging on stderr. */
async function planContext(cwd: string, io: CliIo, rc: ReleaseConfig, release: Release, branch: BranchSpec) {
  const repositoryUrl =
    (typeof rc.globals.repositoryUrl === "string" ? rc.globals.repositoryUrl : undefined) ??
    (await git(cwd, io.env, "remote", "get-url", "origin")) ??
    "";
  const log = (m: string, ...a: unknown[]) => io.stderr.write(`${[m, ...a].join(" ")}\n`);
  const context: Context = {
    cwd,
    env: io.env,
    logger: { log, error: log },
    options: {
      ...rc.globals,
      repositoryUrl,
      plugins: rc.plugins.map((p) => [p.name, p.options]),
      dryRun: true,
    },
    branch,
    nextRelease: release,
  };
  return context;
}

/** Prints one plugin's plan; `misconfigured` when its config checks fail, `failed` when its preview throws. */
async function printPlugin(
  p: ListedPlugin,
  context: Context,
  io: CliIo,
): Promise<"ok" | "misconfigured" | "failed"> {
  const out = (line: string) => io.stdout.write(`${line}\n`);
  const noPlan = (error: unknown) => {
    for (const line of errorLines(error)) {
      io.stderr.write(`${p.name}: ${line}\n`);
      out(`  no plan: ${line}`);
    }
  };
  out(`${p.name}:`);
  const problems = await configChecks[p.name]?.({ ...p.pluginConfig }, context);
  if (problems?.length) {
    noPlan(new AggregateError(problems));
    return "misconfigured";
  }
  const preview = previews[p.name];
  if (!preview) {
    out("  (no preview for this plugin)");
    return "ok";
  }
  try {
    const lines = await preview({ ...p.pluginConfig }, context, context.nextRelease!, context.branch!);
    for (const line of lines) out(`  ${line}`);
    return "ok";
  } catch (e) {
    noPlan(e);
    return "failed";
  }
}

/** `plan`: what a release of this repository would do, plugin by plugin, computed without running anything. */
export const planCommand: Command = {
  async run(args, io) {
    try {
      const { cwd, asked } = await readRequest(args, io);
      const { rc, ours } = await readPlanConfig(cwd);
      const { current, version } = await planVersion(cwd, io, rc, asked);
      const { release, branch } = await releaseFor(cwd, io, rc, version);
      const context = await planContext(cwd, io, rc, release, branch);
      io.stdout.write(
        asked
          ? `Plan for ${version} (${release.gitTag}), from ${rc.file}\n`
          : `Plan for ${version} (${release.gitTag}): the next minor of the Cargo version ${current} (choose another with --version), from ${rc.file}\n`,
      );
      const results = [];
      for (const p of ours) results.push(await printPlugin(p, context, io));
      return results.includes("misconfigured") ? 2 : results.includes("failed") ? 1 : 0;
    } catch (e) {
      if (!(e instanceof UsageError)) throw e;
      io.stderr.write(`${NAME}: ${e.message.replace(/\s*\n\s*/g, " ")}\n`);
      return 2;
    }
  },
};
