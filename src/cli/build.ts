import { BINARIES_PLUGIN } from "../plugins.js";
import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { setVersion } from "../cargo/set-version.js";
import { BUILDERS, type TargetOption } from "../config/options/binaries.js";
import { getError, throwAll } from "../errors/get-error.js";
import { optionInjection } from "../util/argv.js";
import { coreOptions, tagCheckout } from "../resume/tag-checkout.js";
import { SemanticReleaseError } from "../errors/semantic-release-error.js";
import { MANIFEST_SCHEMA_VERSION } from "../manifest/dist-manifest.js";
import { finishInterruptedBump } from "../cargo/bump-journal.js";
import { atomicWrite, removeStrayTemps } from "../util/atomic-write.js";
import { writeFailure } from "../util/io-errors.js";
import { versionProblem } from "../util/version.js";
import { buildStamp } from "../binaries/build-env.js";
import { buildRelease } from "../binaries/build-release.js";
import { fragmentName } from "../binaries/collect-prebuilt.js";
import { planErrors } from "../binaries/plan.js";
import { codesignProblems } from "../binaries/codesign.js";
import { listed, readReleaseConfig, type ReleaseConfig } from "../config/release-config.js";
import { distDirOf, loadBinariesConfig, loadPlan } from "../binaries/config.js";
import { parseArgs } from "./args.js";
import type { CliIo, Command } from "./command.js";

const NAME = "semantic-release-rust build";
const USAGE = `usage: ${NAME} --target TRIPLE (--tag TAG | --version VERSION) [--cwd DIR] [--dist DIR] [--builder B]`;

/** Where the version comes from: the tag checked out, or `--version` (placeholderVersion setup: set it first). */
type Source = { tag: string } | { version: string };

/** The command line, checked; a string is the reason it is wrong (exit 2). */
function readArgs(args: string[], io: CliIo) {
  const { values, positionals, error } = parseArgs(args, {
    target: "string",
    version: "string",
    tag: "string",
    cwd: "string",
    dist: "string",
    builder: "string",
  });
  if (error) return error;
  if (positionals.length > 0) return `unexpected argument ${positionals[0]}`;
  const { target, version, tag, builder, dist } = values as Record<string, string | undefined>;
  if (!target) return "--target is required";
  if (tag && version) return "give --tag or --version, not both";
  const injected = tag ? optionInjection("tag", tag, "--tag") : undefined;
  if (injected) return `${injected.code} ${injected.message}`;
  if (!tag && !version) return "--tag (or --version with placeholderVersion) is required";
  const reason = version ? versionProblem(version) : undefined;
  if (version && reason) {
    const e = getError("EINVALIDVERSION", { version, reason });
    return `--version must be a semantic version: ${e.code} ${e.message}`;
  }
  if (builder && !["auto", ...BUILDERS].includes(builder)) return `unknown builder ${builder}`;
  const cwd = resolve(io.cwd, (values.cwd as string | undefined) ?? ".");
  const source: Source = tag ? { tag } : { version: version as string };
  return { target, builder, dist: dist && resolve(io.cwd, dist), cwd, source };
}

/** The binaries plugin's options for this one target (its own entry of `targets`, `--builder`, `--dist`). */
export function targetConfig(
  rc: ReleaseConfig | undefined,
  o: { target: string; builder?: string; dist?: string },
) {
  const fromRepo = (rc && listed(rc, BINARIES_PLUGIN)?.pluginConfig) ?? {};
  const listedTargets = Array.isArray(fromRepo.targets) ? (fromRepo.targets as unknown[]) : [];
  const own = listedTargets.find((t) => t === o.target || (t as TargetOption | null)?.target === o.target);
  const spec = {
    ...(typeof own === "object" && own !== null ? own : {}),
    target: o.target,
    ...(o.builder ? { builder: o.builder } : {}),
  };
  return loadBinariesConfig({
    ...fromRepo,
    targets: [spec],
    prebuilt: undefined,
    ...(o.dist ? { distDir: o.dist } : {}),
  });
}

/** `build`: one matrix job: build and package one target from the tag (or a set version) into dist/. */
export const buildCommand: Command = {
  async run(args, io) {
    const bad = (reason: string) => (io.stderr.write(`${NAME}: ${reason}\n${USAGE}\n`), 2);
    const fail = (e: SemanticReleaseError, code: number) => (
      io.stderr.write(`${NAME}: ${e.code} ${e.message}\n${e.details ? `\n${e.details}\n` : ""}`),
      code
    );
    try {
      const a = readArgs(args, io);
      if (typeof a === "string") return bad(a);
      const rc = await readReleaseConfig(a.cwd);
      const { config, errors } = targetConfig(rc, a);
      if (errors[0]) return bad(`${errors[0].code} ${errors[0].message}`);
      const from =
        "tag" in a.source
          ? await tagCheckout({ cwd: a.cwd, env: io.env, tag: a.source.tag, rc }).catch((e: unknown) => {
              throw Object.assign(e as Error, { exitCode: 2 });
            })
          : { version: a.source.version };
      return await build(config, { cwd: a.cwd, target: a.target, io, rc, ...from });
    } catch (e) {
      if (e instanceof SemanticReleaseError && e.code === "ERELEASECONFIG") return bad(e.message);
      if (e instanceof SemanticReleaseError) return fail(e, (e as { exitCode?: number }).exitCode ?? 1);
      throw e;
    }
  },
};

/**
 * Builds and packages the target; without `commit` (`--version`) first sets the version in the checkout, which
 * only the `placeholderVersion` setup may do (`EBUILDNEEDSTAG`).
 */
async function build(
  config: ReturnType<typeof loadBinariesConfig>["config"],
  o: {
    cwd: string;
    version: string;
    commit?: string;
    target: string;
    io: CliIo;
    rc: ReleaseConfig | undefined;
  },
): Promise<number> {
  const { io, cwd, version } = o;
  const logger = {
    log: (m: string, ...a: unknown[]) => io.stderr.write(`${format(m, a)}\n`),
    error: (m: string, ...a: unknown[]) => io.stderr.write(`${format(m, a)}\n`),
  };
  // A killed earlier run: finish its bump before cargo reads the manifests, drop its temp files in dist/.
  await finishInterruptedBump({ cwd, manifestPath: config.manifestPath }, logger);
  const distDir = distDirOf(config, cwd);
  await removeStrayTemps(distDir, { depth: 2 });
  const { plan, workspace } = await loadPlan(config, { cwd, env: io.env });
  const problems = planErrors(plan.problems);
  if (problems[0]) {
    io.stderr.write(`${NAME}: ${problems.map((p) => `${p.code} ${p.message}`).join("; ")}\n`);
    return 2;
  }
  // The build embeds the commit, and writes to dist/: fail before touching the manifests when either fails.
  await buildStamp({ cwd, env: io.env });
  throwAll(await codesignProblems(config, [o.target], { cwd, env: io.env }));
  await mkdir(distDir, { recursive: true }).catch((error: unknown) => {
    throw writeFailure(distDir, error);
  });
  if (o.commit === undefined) {
    if (typeof coreOptions(o.rc).placeholderVersion !== "string")
      throw Object.assign(getError("EBUILDNEEDSTAG", { version }), { exitCode: 2 });
    const { manifestPath, packages } = config;
    await setVersion({ cwd, env: io.env, manifestPath, packages, version, logger });
  }
  const { artifacts, gitHead } = await buildRelease({
    config,
    plan,
    version,
    cwd,
    workspace,
    distDir,
    env: io.env,
    logger,
    stdout: io.stderr,
  });
  const fragment = join(distDir, fragmentName(o.target));
  const sorted = [...artifacts].sort((a, b) => a.path.localeCompare(b.path));
  await atomicWrite(
    fragment,
    `${JSON.stringify({ schemaVersion: MANIFEST_SCHEMA_VERSION, version, gitHead, artifacts: sorted }, null, 2)}\n`,
  );
  for (const a of sorted) io.stdout.write(`${join(distDir, a.path)}\n`);
  io.stdout.write(`${fragment}\n`);
  return 0;
}

function format(message: string, args: unknown[]): string {
  let i = 0;
  return message.replace(/%[sdj]/g, () => String(args[i++]));
}
