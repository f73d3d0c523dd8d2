import { BINARIES_PLUGIN } from "../plugins.js";
import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { setVersion } from "../cargo/set-version.js";
import { BUILDERS, type TargetOption } from "../config/options/binaries.js";
import { getError } from "../errors/get-error.js";
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
import { pluginConfigFromRepo } from "../config/release-config.js";
import { distDirOf, loadBinariesConfig, loadPlan } from "../binaries/config.js";
import { parseArgs } from "./args.js";
import type { CliIo, Command } from "./command.js";

const NAME = "semantic-release-rust build";
const USAGE = `usage: ${NAME} --target TRIPLE --version VERSION [--cwd DIR] [--dist DIR] [--builder B]`;

/** `build`: one matrix job: set the version, build and package one target into dist/ with a manifest fragment. */
export const buildCommand: Command = {
  async run(args, io) {
    const bad = (reason: string) => (io.stderr.write(`${NAME}: ${reason}\n${USAGE}\n`), 2);
    const { values, positionals, error } = parseArgs(args, {
      target: "string",
      version: "string",
      cwd: "string",
      dist: "string",
      builder: "string",
    });
    if (error) return bad(error);
    if (positionals.length > 0) return bad(`unexpected argument ${positionals[0]}`);
    const target = values.target as string | undefined;
    const version = values.version as string | undefined;
    const builder = values.builder as string | undefined;
    if (!target) return bad("--target is required");
    if (!version) return bad("--version must be a semantic version, got nothing");
    const reason = versionProblem(version);
    if (reason) {
      const e = getError("EINVALIDVERSION", { version, reason });
      return bad(`--version must be a semantic version: ${e.code} ${e.message}`);
    }
    if (builder && !["auto", ...BUILDERS].includes(builder)) return bad(`unknown builder ${builder}`);
    const cwd = resolve(io.cwd, (values.cwd as string | undefined) ?? ".");
    try {
      const fromRepo = (await pluginConfigFromRepo(cwd, BINARIES_PLUGIN)) ?? {};
      const listed = Array.isArray(fromRepo.targets) ? (fromRepo.targets as unknown[]) : [];
      const own = listed.find((t) => t === target || (t as TargetOption | null)?.target === target);
      const spec = {
        ...(typeof own === "object" && own !== null ? own : {}),
        target,
        ...(builder ? { builder } : {}),
      };
      const dist = values.dist as string | undefined;
      const pluginConfig = {
        ...fromRepo,
        targets: [spec],
        prebuilt: undefined,
        ...(dist ? { distDir: resolve(io.cwd, dist) } : {}),
      };
      const { config, errors } = loadBinariesConfig(pluginConfig);
      if (errors[0]) return bad(`${errors[0].code} ${errors[0].message}`);
      return await build(config, { cwd, version, target, io });
    } catch (e) {
      if (e instanceof SemanticReleaseError && e.code === "ERELEASECONFIG") return bad(e.message);
      if (e instanceof SemanticReleaseError) {
        io.stderr.write(`${NAME}: ${e.code} ${e.message}\n${e.details ? `\n${e.details}\n` : ""}`);
        return 1;
      }
      throw e;
    }
  },
};

async function build(
  config: ReturnType<typeof loadBinariesConfig>["config"],
  o: { cwd: string; version: string; target: string; io: CliIo },
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
  await mkdir(distDir, { recursive: true }).catch((error: unknown) => {
    throw writeFailure(distDir, error);
  });
  await setVersion({
    cwd,
    env: io.env,
    manifestPath: config.manifestPath,
    packages: config.packages,
    version,
    logger,
  });
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
