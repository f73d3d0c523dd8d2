import { lineLogger } from "./context.js";
import type { ResumeInput } from "./inputs.js";
import { resolveNotes } from "./notes.js";
import type { PlannedStep } from "./plan.js";
import { flatten, runSteps, type PublishResult } from "./run-steps.js";
import type { CliIo } from "../cli/command.js";

const errorLine = (e: Error) => `${(e as { code?: string }).code ?? e.name} ${e.message}`;

/**
 * What `resume` and `finish` share once their checks passed: the release notes (from the GitHub release, else
 * generated), the planned steps in order, a summary of what each publish returned. The exit code: 0 done, 1 when
 * a step failed (its errors on stderr, prefixed with `name`).
 */
export async function publishSteps(
  input: ResumeInput,
  steps: readonly PlannedStep[],
  io: CliIo,
  name: string,
): Promise<number> {
  const out = (line: string) => io.stdout.write(`${line}\n`);
  let notes: string;
  try {
    const options = { ...input.config.globals, repositoryUrl: input.repositoryUrl };
    const logger = lineLogger(io.stdout, name.split(" ").at(-1) ?? name);
    const found = await resolveNotes(input, { cwd: input.cwd, env: input.env, logger, options });
    out(`Release notes: ${found.from}`);
    notes = found.notes;
  } catch (e) {
    for (const err of flatten(e))
      io.stderr.write(`${name}: reading the release notes failed: ${errorLine(err)}\n`);
    return 1;
  }
  const outcome = await runSteps(steps, input, notes, io);
  printSummary(outcome.published, out);
  if (outcome.ok) {
    out(`Done: ${input.release.gitTag} is released.`);
    return 0;
  }
  const { step, errors } = outcome;
  io.stderr.write(`${name}: ${step.step} of ${step.plugin} failed:\n`);
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
