import {
  BINARIES_PLUGIN,
  CARGO_PLUGIN,
  CRATES_PLUGIN,
  DOCKER_PLUGIN,
  GITHUB_PLUGIN,
  INSTALLERS_PLUGIN,
} from "../plugins.js";
import type { Context, PluginConfig } from "../types.js";
import { pluginContext, type Streams } from "./context.js";
import type { ResumeInput } from "./inputs.js";
import { describeStep, type PlannedStep, type StepName } from "./plan.js";

type StepFn = (pluginConfig: PluginConfig, context: Context) => Promise<unknown>;
type PluginModule = Partial<Record<StepName, StepFn>>;

/** The bundle's entry points, loaded only when listed. */
const MODULES: Record<string, () => Promise<PluginModule>> = {
  [CARGO_PLUGIN]: () => import("../cargo/index.js") as Promise<PluginModule>,
  [BINARIES_PLUGIN]: () => import("../binaries/index.js") as Promise<PluginModule>,
  [CRATES_PLUGIN]: () => import("../crates/index.js") as Promise<PluginModule>,
  [DOCKER_PLUGIN]: () => import("../docker/index.js") as Promise<PluginModule>,
  [GITHUB_PLUGIN]: () => import("../github/index.js") as Promise<PluginModule>,
  [INSTALLERS_PLUGIN]: () => import("../installers/index.js") as Promise<PluginModule>,
};

export interface PublishResult {
  plugin: string;
  /** What publish returned: a release `{ name, url, ... }`, or `false` for nothing published. */
  release: unknown;
}

type RunOutcome =
  | { ok: true; published: PublishResult[] }
  | { ok: false; published: PublishResult[]; step: PlannedStep; errors: Error[] };

/** The errors inside an error: an AggregateError's own, else the error itself. */
export const flatten = (error: unknown): Error[] =>
  error instanceof AggregateError
    ? error.errors.flatMap(flatten)
    : [error instanceof Error ? error : new Error(String(error))];

/**
 * Runs the planned steps in order, one line per step on stdout, and stops at the first that fails. Each call gets
 * its own context; `success` gets the releases publish returned, as semantic-release gives them.
 */
export async function runSteps(
  steps: readonly PlannedStep[],
  input: ResumeInput,
  notes: string,
  io: Streams,
): Promise<RunOutcome> {
  const published: PublishResult[] = [];
  for (const step of steps) {
    io.stdout.write(`${describeStep(step)}\n`);
    if (!step.run) continue;
    const fn = (await MODULES[step.plugin]?.())?.[step.step];
    if (!fn) continue;
    const pluginConfig =
      input.plugins.filter((p) => p.name === step.plugin)[step.entry ?? 0]?.pluginConfig ?? {};
    const releases = published.map((p) => ({
      ...(typeof p.release === "object" && p.release !== null ? p.release : {}),
      pluginName: p.plugin,
    }));
    const context = pluginContext(input, notes, step.plugin, io, releases);
    try {
      const result = await fn(structuredClone(pluginConfig), context);
      if (step.step === "publish") published.push({ plugin: step.plugin, release: result ?? false });
    } catch (error) {
      return { ok: false, published, step, errors: flatten(error) };
    }
  }
  return { ok: true, published };
}
