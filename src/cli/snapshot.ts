import { tagFormatOf } from "../config/release-config.js";
import { BINARIES_PLUGIN, CARGO_PLUGIN, DOCKER_PLUGIN } from "../plugins.js";
import { stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { finishInterruptedBump } from "../cargo/bump-journal.js";
import { currentVersion, selectReleasePackages } from "../cargo/release-packages.js";
import { applyVersionPlan, computeVersionPlan, startBump } from "../cargo/set-version.js";
import { loadWorkspace } from "../cargo/workspace.js";
import { loadConfig } from "../config/index.js";
import { binariesOptions } from "../config/options/binaries.js";
import { cargoOptions } from "../config/options/cargo.js";
import { listed, readReleaseConfig, type ReleaseConfig } from "../config/release-config.js";
import { SemanticReleaseError } from "../errors/semantic-release-error.js";
import { readManifest } from "../manifest/dist-manifest.js";
import { lineLogger } from "../resume/context.js";
import { flatten } from "../resume/run-steps.js";
import { originUrl } from "../git/run.js";
import { restoreOriginals, saveOriginals, snapshotJournalPath } from "../snapshot/restore.js";
import { snapshotVersion, type SnapshotVersion } from "../snapshot/version.js";
import type { Context, PluginConfig } from "../types.js";
import { parseArgs } from "./args.js";
import type { CliIo, Command } from "./command.js";

const NAME = "semantic-release-rust snapshot";
const USAGE = `usage: ${NAME} [--cwd DIR] [--dist DIR] [--push] [--targets T,...]`;

/** A wrong invocation or configuration: exit code 2, nothing written. */
class UsageError extends Error {}

interface Request {
  cwd: string;
  dist?: string;
  push: boolean;
  targets?: string[];
}

/** The options, checked: an existing folder, a comma-separated target list. */
async function readRequest(args: string[], io: CliIo): Promise<Request> {
  const flags = { cwd: "string", dist: "string", push: "boolean", targets: "string" } as const;
  const { values, positionals, error } = parseArgs(args, flags);
  if (error) throw new UsageError(error);
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]}`);
  const cwd = resolve(io.cwd, (values.cwd as string | undefined) ?? ".");
  if (
    !(await stat(cwd).then(
      (s) => s.isDirectory(),
      () => false,
    ))
  )
    throw new UsageError(`${cwd} is not a folder`);
  const targets = (values.targets as string | undefined)?.split(",").map((t) => t.trim());
  if (targets?.some((t) => !t)) throw new UsageError("--targets takes target triples separated by commas");
  const dist = values.dist as string | undefined;
  return {
    cwd,
    push: values.push === true,
    ...(dist ? { dist: resolve(io.cwd, dist) } : {}),
    ...(targets ? { targets } : {}),
  };
}

/** The dev tags a snapshot pushes: never `latest` nor a version tag. Variants add their suffix (`dev-alpine`). */
export const snapshotTags = (sha7: string): string[] => ["dev", `dev-${sha7}`];

/**
 * The release configuration as the snapshot runs it: the binaries build `targets` (the snapshot subset, no
 * `prebuilt`), every docker entry tags with the dev tags only, and `--dist` replaces `distDir`.
 */
function snapshotConfig(rc: ReleaseConfig, r: Request, sha7: string): ReleaseConfig {
  const dist = r.dist ? { distDir: r.dist } : {};
  const plugins = rc.plugins.map((p) => {
    let options = p.options;
    if (p.name === BINARIES_PLUGIN)
      options = { ...options, ...dist, targets: snapshotTargets(p.pluginConfig, r) };
    if (p.name === DOCKER_PLUGIN)
      options = { ...options, ...dist, tags: snapshotTags(sha7), channelTags: snapshotTags(sha7) };
    if (options === p.options) return p;
    if (p.name === BINARIES_PLUGIN) delete options.prebuilt;
    return {
      ...p,
      options,
      entry: [p.name, options] as [string, Record<string, unknown>],
      pluginConfig: { ...rc.globals, ...options },
    };
  });
  return { ...rc, plugins };
}

/** `--targets`, else the binaries' `snapshotTargets`, else its `targets`; each with its `targets` entry's settings. */
function snapshotTargets(pluginConfig: PluginConfig, r: Request): unknown[] | undefined {
  const { config, errors } = loadConfig(BINARIES_PLUGIN, binariesOptions, pluginConfig);
  if (errors[0]) throw new UsageError(`${errors[0].code} ${errors[0].message}`);
  const wanted = r.targets ?? config.snapshotTargets;
  if (!wanted) return pluginConfig.targets as unknown[] | undefined;
  const targets = wanted.map((t) => config.targets?.find((c) => c.target === t) ?? t);
  const bad = loadConfig(BINARIES_PLUGIN, binariesOptions, { targets }).errors[0];
  if (bad) throw new UsageError(`--targets: ${bad.code} ${bad.message}`);
  return targets;
}

/** The context a plugin step gets in a snapshot: the dev version on no channel, nothing in dry-run. */
function stepContext(rc: ReleaseConfig, r: Request, v: SnapshotVersion, io: CliIo, plugin: string): Context {
  return {
    cwd: r.cwd,
    env: io.env,
    logger: lineLogger(io.stderr, plugin),
    stdout: io.stderr,
    stderr: io.stderr,
    options: {
      ...structuredClone(rc.globals),
      plugins: rc.plugins.map((p) => structuredClone(p.entry)),
      dryRun: false,
    },
    branch: { name: "snapshot", type: "release", main: false },
    nextRelease: { version: v.version, gitTag: "", name: v.version, gitHead: v.gitHead, channel: null },
  };
}

type StepFn = (pluginConfig: PluginConfig, context: Context) => Promise<unknown>;

/** Runs one step of every listed entry of `plugin`, in the listed order. */
async function runStep(rc: ReleaseConfig, plugin: string, step: StepFn, ctx: (name: string) => Context) {
  const results: unknown[] = [];
  for (const p of rc.plugins.filter((x) => x.name === plugin))
    results.push(await step(structuredClone(p.pluginConfig), ctx(plugin)));
  return results;
}

interface Built {
  v: SnapshotVersion;
  run: ReleaseConfig;
  ctx: (plugin: string) => Context;
}

/**
 * Sets the dev version in the working tree (originals saved first), builds the binaries and the images, and puts
 * every file back byte for byte, also when the build fails. A snapshot killed midway is repaired by the next one.
 */
async function buildSnapshot(rc: ReleaseConfig, r: Request, io: CliIo): Promise<Built> {
  const own = listed(rc, CARGO_PLUGIN)?.pluginConfig ?? rc.globals;
  const cargo = loadConfig(CARGO_PLUGIN, cargoOptions, own).config;
  const logger = lineLogger(io.stderr, "snapshot");
  const where = { cwd: r.cwd, env: io.env, manifestPath: cargo.manifestPath, logger };
  await finishInterruptedBump(where, logger);
  await restoreOriginals(await loadWorkspace(where), logger);
  const ws = await startBump(where);
  const tagFormat = tagFormatOf(rc);
  const cargoVersion = currentVersion(selectReleasePackages(ws, cargo.packages));
  const v = await snapshotVersion({ cwd: r.cwd, env: io.env, tagFormat, cargoVersion });
  // The images' `source` annotation: the configured repository, else the origin remote.
  const repositoryUrl = rc.globals.repositoryUrl ?? (await originUrl({ cwd: r.cwd, env: io.env }));
  const run = snapshotConfig({ ...rc, globals: { ...rc.globals, repositoryUrl } }, r, v.sha7);
  const ctx = (plugin: string) => stepContext(run, r, v, io, plugin);
  const since = v.tag ? `${v.commits} commits after ${v.tag}` : `${v.commits} commits, no release tag`;
  io.stdout.write(`Snapshot ${v.version} (${since})\n`);
  const docker = await import("../docker/index.js");
  // Registries are checked before anything is written or built.
  if (r.push) await runStep(run, DOCKER_PLUGIN, docker.verifyConditions, ctx);
  const plan = await computeVersionPlan(ws, { ...cargo, version: v.version });
  await saveOriginals(
    await snapshotJournalPath(ws),
    plan.files.map((f) => f.path),
    v.version,
  );
  try {
    await applyVersionPlan(plan, ws, logger);
    await runStep(run, BINARIES_PLUGIN, (await import("../binaries/index.js")).prepare, ctx);
    await runStep(run, DOCKER_PLUGIN, docker.prepare, ctx);
  } finally {
    await restoreOriginals(ws, logger);
  }
  return { v, run, ctx };
}

/** Prints the archives of the dist manifest, then pushes the images with the dev tags and prints each reference. */
async function finish({ run, ctx }: Built, r: Request, io: CliIo): Promise<void> {
  const own = listed(run, BINARIES_PLUGIN)?.pluginConfig ?? {};
  const distDir = resolve(r.cwd, loadConfig(BINARIES_PLUGIN, binariesOptions, own).config.distDir);
  const manifest = await readManifest(distDir);
  for (const a of manifest?.artifacts ?? [])
    if (a.kind === "archive" || a.kind === "checksums") io.stdout.write(`${join(distDir, a.path)}\n`);
  if (!r.push) return;
  const docker = await import("../docker/index.js");
  const results = await runStep(run, DOCKER_PLUGIN, (c, x) => docker.publish(c, x), ctx);
  if (results.length === 0) io.stdout.write("No image pushed: semantic-release-rust/docker is not listed\n");
  for (const result of results) {
    const images = (result as { images?: { image: string; digest: string; tags: { tag: string }[] }[] })
      .images;
    for (const i of images ?? [])
      for (const t of i.tags) io.stdout.write(`${i.image}:${t.tag} ${i.digest}\n`);
  }
}

/** `snapshot`: dev builds of the current commit (archives in dist/, images tagged `dev`); nothing is released. */
export const snapshotCommand: Command = {
  async run(args, io) {
    try {
      const r = await readRequest(args, io);
      const rc = await readReleaseConfig(r.cwd).catch((e: Error) => {
        throw new UsageError(e.message);
      });
      if (!rc)
        throw new UsageError(
          `no JSON release configuration (.releaserc.json, .releaserc, package.json#release) in ${r.cwd}`,
        );
      if (!listed(rc, BINARIES_PLUGIN)) throw new UsageError(`${rc.file} does not list ${BINARIES_PLUGIN}`);
      await finish(await buildSnapshot(rc, r, io), r, io);
      return 0;
    } catch (e) {
      if (e instanceof UsageError) {
        io.stderr.write(`${NAME}: ${e.message}\n${USAGE}\n`);
        return 2;
      }
      const errors = flatten(e);
      if (!errors.every((x) => x instanceof SemanticReleaseError)) throw e;
      for (const x of errors) io.stderr.write(`${NAME}: ${x.code} ${x.message}\n`);
      return 1;
    }
  },
};
