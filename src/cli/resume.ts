import { resolve } from "node:path";
import { SemanticReleaseError } from "../errors/semantic-release-error.js";
import { readDiskState } from "../resume/disk-state.js";
import { resolveResume, type ResumeInput } from "../resume/inputs.js";
import { describeStep, planResume } from "../resume/plan.js";
import { flatten } from "../resume/run-steps.js";
import { publishSteps } from "../resume/publish-steps.js";
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
  return publishSteps(input, steps, io, NAME);
}
