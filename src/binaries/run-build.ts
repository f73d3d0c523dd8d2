import type { Logger } from "../types.js";
import { getError } from "../errors/get-error.js";
import { exec, ExecError } from "../util/exec.js";
import type { BuildGroup, BuildPlan } from "./build-plan.js";

export interface RunBuildOptions {
  cwd: string;
  /** The build environment (the context's env plus the build stamp). */
  env: NodeJS.ProcessEnv;
  logger: Logger;
  /** Where cargo's output streams (the context's stdout). */
  stdout?: NodeJS.WritableStream;
  /** How many groups build at once. */
  concurrency: number;
}

/** Runs `tasks` with at most `limit` at a time; rejects with the first failure after the running ones end. */
export async function runBounded<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array<T>(tasks.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (next < tasks.length && !failure) {
      const i = next++;
      try {
        results[i] = await (tasks[i] as () => Promise<T>)();
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, tasks.length)) }, worker));
  if (failure) throw failure.error;
  return results;
}

/** Runs every group of the plan; logs `[2/5] <target> built in 41 s` per target. */
export async function runBuilds(plan: BuildPlan, o: RunBuildOptions): Promise<void> {
  const total = plan.targets.length;
  let done = 0;
  const runGroup = async (group: BuildGroup) => {
    o.logger.log(
      "Building %s with %s: %s %s",
      group.targets.join(", "),
      group.builder,
      group.program,
      group.args.join(" "),
    );
    const started = Date.now();
    try {
      await exec(group.program, group.args, { cwd: o.cwd, env: o.env, stream: o.stdout });
    } catch (error) {
      const output = error instanceof ExecError ? error.result.stderr : String(error);
      throw getError("EBUILDFAILED", {
        command: `${group.program} ${group.args.join(" ")}`,
        targets: group.targets,
        output: output.trim().split("\n").slice(-30).join("\n"),
      });
    }
    const seconds = Math.round((Date.now() - started) / 1000);
    for (const target of group.targets)
      o.logger.log("[%d/%d] %s built in %d s", ++done, total, target, seconds);
  };
  await runBounded(
    plan.groups.map((g) => () => runGroup(g)),
    o.concurrency,
  );
}
