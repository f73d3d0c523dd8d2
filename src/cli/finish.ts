import { tagFormatOf } from "../config/release-config.js";
import { BINARIES_PLUGIN } from "../plugins.js";
import type { DistManifest } from "../manifest/dist-manifest.js";
import { releaseTags } from "../git/release-tags.js";
import { checkSizes } from "../sizes/check-sizes.js";
import type { Context, Logger } from "../types.js";
import { compareVersions } from "../util/version.js";
import { resolve } from "node:path";
import { copyFragments } from "../binaries/collect-prebuilt.js";
import { writeDist } from "../binaries/write-dist.js";
import { provenanceEnabled } from "../provenance/write-provenance.js";
import { sbomSettings } from "../sbom/settings.js";
import { loadWorkspace } from "../cargo/workspace.js";
import { SemanticReleaseError } from "../errors/semantic-release-error.js";
import { collectBuilds, type CollectedBuilds } from "../resume/collect-builds.js";
import { lineLogger } from "../resume/context.js";
import { readDiskState } from "../resume/disk-state.js";
import { finishInput } from "../resume/finish-input.js";
import { resolveResume, type ResumeInput } from "../resume/inputs.js";
import { newerPublished } from "../resume/newer-release.js";
import { describeStep, planResume } from "../resume/plan.js";
import { publishSteps } from "../resume/publish-steps.js";
import { flatten } from "../resume/run-steps.js";
import { getError } from "../errors/get-error.js";
import { planRelease } from "../plan/release-plan.js";
import { parseArgs } from "./args.js";
import type { CliIo, Command } from "./command.js";

const NAME = "semantic-release-rust finish";
const USAGE = `usage: ${NAME} --tag TAG --from DIR [--cwd DIR] [--dry-run]`;

/** Every error inside `e` as `CODE message` with its details, on stderr; rethrows anything uncoded. */
function report(e: unknown, io: CliIo, detailed: boolean): void {
  const errors = flatten(e);
  if (!errors.every((err) => err instanceof SemanticReleaseError)) throw e;
  for (const err of errors as SemanticReleaseError[]) {
    io.stderr.write(`${NAME}: ${err.code} ${err.message}\n`);
    if (detailed && err.details) io.stderr.write(`${err.details.replace(/^/gm, "  ")}\n`);
  }
}

/**
 * `finish`: the last job of the split release. On a checkout of the tag, collects every target's `build --tag`
 * output from `--from`, checks all of it, then publishes crates, images and the GitHub release (draft → public)
 * with the publish steps `resume` runs. Safe to run again: every step skips what is already there.
 */
export const finishCommand: Command = {
  async run(args, io) {
    const bad = (reason: string) => (io.stderr.write(`${NAME}: ${reason}\n${USAGE}\n`), 2);
    const { values, positionals, error } = parseArgs(args, {
      tag: "string",
      from: "string",
      cwd: "string",
      "dry-run": "boolean",
    });
    if (error) return bad(error);
    if (positionals.length > 0) return bad(`unexpected argument ${positionals[0]}`);
    const tag = values.tag as string | undefined;
    const from = values.from as string | undefined;
    if (!tag) return bad("--tag is required");
    if (!from) return bad("--from is required (the folder holding every target's build)");
    const cwd = resolve(io.cwd, (values.cwd as string | undefined) ?? ".");
    const dryRun = values["dry-run"] === true;
    let input: ResumeInput;
    try {
      input = await resolveResume({ cwd, env: io.env, tag, dryRun });
    } catch (e) {
      report(e, io, false);
      return 2;
    }
    return finish(input, resolve(io.cwd, from), io, dryRun);
  },
};

/**
 * The release plan of the tag's version (the one `plan` and the dry-run preview print), each plugin's lines on
 * stdout; a plugin whose configuration checks fail stops `finish` before anything is collected or published.
 */
async function checkPlan(input: ResumeInput, out: (line: string) => void): Promise<void> {
  const { cwd, env, config: rc, release } = input;
  const plan = await planRelease({ cwd, env, rc, version: release.version, log: () => undefined });
  const wrong: string[] = [];
  for (const p of plan.plugins) {
    out(`  ${p.plugin}: ${p.status}`);
    for (const line of p.lines) out(`    ${line}`);
    const problems = p.problems.map((q) => `${q.code ? `${q.code} ` : ""}${q.message}`);
    for (const q of problems) out(`    ${q}`);
    if (p.status === "misconfigured") wrong.push(...problems.map((q) => `${p.plugin}: ${q}`));
  }
  if (wrong.length > 0)
    throw getError("ERESUMECONFIG", {
      reason: `the release plan has configuration errors: ${wrong.join("; ")}`,
    });
}

/**
 * The size gate (`maxSize`, `maxSizeIncrease` of the binaries plugin) against the last release before the tag,
 * read from its `manifest.json` asset: over a limit, `finish` stops before anything is published.
 */
async function finishSizeGate(
  input: ResumeInput,
  manifest: DistManifest,
  collected: CollectedBuilds,
  logger: Logger,
): Promise<void> {
  const { cwd, env, release, config: rc } = input;
  const tagFormat = tagFormatOf(rc);
  const earlier = await releaseTags({ cwd, env }, `${release.gitHead}^`, tagFormat);
  const last = earlier.find((t) => compareVersions(t.version, release.version) < 0);
  const context = {
    cwd,
    env,
    logger,
    options: { repositoryUrl: input.repositoryUrl },
    ...(last ? { lastRelease: { gitTag: last.gitTag, version: last.version } } : {}),
  } as Context;
  await checkSizes({ manifest, limits: collected.config, distDir: collected.distDir, context });
}

async function finish(input: ResumeInput, from: string, io: CliIo, dryRun: boolean): Promise<number> {
  const { release } = input;
  const out = (line: string) => io.stdout.write(`${line}\n`);
  out(
    `Finishing ${release.gitTag}: version ${release.version} at ${release.gitHead.slice(0, 12)}, from ${from}`,
  );
  let collected: CollectedBuilds;
  let newer: string[];
  try {
    out("Plan:");
    await checkPlan(input, out);
    collected = await collectBuilds(input, from, (line) => out(`  ${line}`));
    newer = await newerPublished(input, lineLogger(io.stdout, "finish"));
  } catch (e) {
    report(e, io, true);
    io.stderr.write(`${NAME}: nothing was published; ${release.gitTag} is still a draft.\n`);
    return 1;
  }
  if (newer[0])
    out(
      `${newer[0]} is already published: ${release.gitTag} leaves GitHub's latest and floating image tags to it`,
    );
  const run = finishInput(input, newer);
  const plugins = run.plugins.map((p) => p.name).filter((name) => name !== BINARIES_PLUGIN);
  if (dryRun) {
    out(
      `would copy the builds of ${collected.chosen.map((f) => f.target).join(", ")} into ${collected.distDir}`,
    );
    for (const s of planResume(plugins, await readDiskState(run))) out(describeStep(s, true));
    out("Dry run: nothing was run.");
    return 0;
  }
  try {
    const logger = lineLogger(io.stdout, "finish");
    const artifacts = await copyFragments(collected.chosen, collected.distDir, logger);
    const ws = { cwd: input.cwd, env: input.env, manifestPath: collected.config.manifestPath };
    const manifest = await writeDist(collected.distDir, {
      sbom: sbomSettings(collected.config, await loadWorkspace(ws), ws),
      version: release.version,
      gitHead: release.gitHead,
      artifacts,
      logger,
      signing: { sign: collected.config.sign, env: input.env },
      provenance: {
        enabled: provenanceEnabled(collected.config.provenance, collected.config.sign),
        gitTag: release.gitTag,
        ...(input.repositoryUrl ? { repositoryUrl: input.repositoryUrl } : {}),
      },
    });
    await finishSizeGate(input, manifest, collected, logger);
  } catch (e) {
    report(e, io, true);
    return 1;
  }
  return publishSteps(run, planResume(plugins, await readDiskState(run)), io, NAME);
}
