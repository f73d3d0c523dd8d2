import type { Logger } from "../types.js";
import { getError } from "../errors/get-error.js";
import { exec, ExecError } from "../util/exec.js";
import type { BuildGroup, BuildPlan } from "./plan.js";
import { runBounded } from "../util/run-bounded.js";
import type { Clock, Timing } from "../summary/timings.js";

interface RunBuildOptions {
  cwd: string;
  /** The build environment (the context's env plus the build stamp). */
  env: NodeJS.ProcessEnv;
  logger: Logger;
  /** Where cargo's output streams (the context's stdout). */
  stdout?: NodeJS.WritableStream;
  /** How many groups build at once. */
  concurrency: number;
  /** Receives one `build` timing per target (its group's duration). */
  timings?: Timing[];
  now?: Clock;
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
    const now = o.now ?? Date.now;
    const started = now();
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
    const ms = now() - started;
    for (const target of group.targets) {
      o.logger.log("[%d/%d] %s built in %d s", ++done, total, target, Math.round(ms / 1000));
      o.timings?.push({ step: "build", label: target, ms });
    }
  };
  await runBounded(
    plan.groups.map((g) => () => runGroup(g)),
    o.concurrency,
  );
}
