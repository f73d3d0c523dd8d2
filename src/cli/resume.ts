import { resolve } from "node:path";
import { SemanticReleaseError } from "../errors/semantic-release-error.js";
import { lineLogger } from "../resume/context.js";
import { readDiskState } from "../resume/disk-state.js";
import { resolveResume, type ResumeInput } from "../resume/inputs.js";
import { resolveNotes } from "../resume/notes.js";
import { describeStep, planResume } from "../resume/plan.js";
import { flatten, runSteps, type PublishResult } from "../resume/run-steps.js";
import { parseArgs } from "./args.js";
import type { CliIo, Command } from "./command.js";

const NAME = "semantic-release-rust resume";
const USAGE = `usage: ${NAME} --tag TAG [--cwd DIR] [--channel NAME] [--dry-run]`;

const errorLine = (e: Error) => `${(e as { code?: string }).code ?? e.name} ${e.message}`;

/** `resume`: finishes the publish steps of a release whose job died after semantic-release pushed the tag. */
export const resumeCommand: Command = {
  async run(args, io) {
    const bad = (reason: string) => (io.stderr.write(`${NAME}: ${reason}\n${USAGE}\n`), 2);
    const { values, positionals, error } = parseArgs(args, {
      tag: "string",
      cwd: "string",
      channel: "string",
      "dry-run": "boolean",
    });
    if (error) return bad(error);
    if (positionals.length > 0) return bad(`unexpected argument ${positionals[0]}`);
    const tag = values.tag as string | undefined;
    if (!tag) return bad("--tag is required");
    const cwd = resolve(io.cwd, (values.cwd as string | undefined) ?? ".");
    let input: ResumeInput;
    try {
      input = await resolveResume({
        cwd,
        env: io.env,
        tag,
        channel: values.channel as string | undefined,
        dryRun: values["dry-run"] === true,
      });
    } catch (e) {
      const errors = flatten(e);
      if (!errors.every((err) => err instanceof SemanticReleaseError)) throw e;
      for (const err of errors) io.stderr.write(`${NAME}: ${errorLine(err)}\n`);
      return 2;
    }
    return resume(input, io, values["dry-run"] === true);
  },
};

async function resume(input: ResumeInput, io: CliIo, dryRun: boolean): Promise<number> {
  const { release, plugins } = input;
  const out = (line: string) => io.stdout.write(`${line}\n`);
  out(
    `Resuming ${release.gitTag}: version ${release.version} at ${release.gitHead.slice(0, 12)}, ${release.channel === null ? "main channel" : `channel ${release.channel}`}, ${input.repositoryUrl}`,
  );
  const steps = planResume(
    plugins.map((p) => p.name),
    await readDiskState(input),
  );
  if (dryRun) {
    for (const s of steps) out(describeStep(s, true));
    out("Dry run: nothing was run.");
    return 0;
  }
  const logger = lineLogger(io.stdout, "resume");
  let notes: string;
  try {
    const options = { ...input.config.globals, repositoryUrl: input.repositoryUrl };
    const found = await resolveNotes(input, { cwd: input.cwd, env: input.env, logger, options });
    out(`Release notes: ${found.from}`);
    notes = found.notes;
  } catch (e) {
    for (const err of flatten(e))
      io.stderr.write(`${NAME}: reading the release notes failed: ${errorLine(err)}\n`);
    return 1;
  }
  const outcome = await runSteps(steps, input, notes, io);
  printSummary(outcome.published, out);
  if (outcome.ok) {
    out(`Done: ${release.gitTag} is released.`);
    return 0;
  }
  const { step, errors } = outcome;
  io.stderr.write(`${NAME}: ${step.step} of ${step.plugin} failed:\n`);
  for (const err of errors) io.stderr.write(`  ${errorLine(err)}\n`);
  return 1;
}

function printSummary(published: readonly PublishResult[], out: (line: string) => void): void {
  if (published.length === 0) return;
  out("Publish results:");
  for (const { plugin, release } of published) {
    const r = release as { name?: unknown; url?: unknown } | false;
    const what = r
      ? [r.name, r.url].filter((x) => typeof x === "string").join(" ") || "done"
      : "nothing to publish";
    out(`  ${plugin}: ${what}`);
  }
}
