import type { Logger } from "../types.js";
import { exec } from "../util/exec.js";
import { publishArgs } from "./cargo-args.js";
import { httpDebugFilter, stripHttpDebug, withHttpDebug } from "./cargo-http-debug.js";
import type { CratePublishPlan, PlannedCrate } from "./plan.js";
import { rateLimitWait } from "./retry-after.js";
import type { Step } from "../http/retry.js";
import { waitForVersion, type IndexClient } from "./sparse-index.js";
import type { TargetRegistry } from "./registry.js";

interface PublishRunOptions {
  registry: TargetRegistry;
  index: IndexClient;
  cargo: string;
  manifestPath: string;
  cwd: string;
  /** cargo's environment, holding the token. */
  env: NodeJS.ProcessEnv;
  logger: Logger;
  stdout?: NodeJS.WritableStream;
  indexTimeoutMs: number;
  rateLimitRetries: number;
}

/** What happened to each crate of the plan. */
export interface PublishOutcome {
  published: PlannedCrate[];
  /** Already in the index before this run. */
  skipped: PlannedCrate[];
  failed: { crate: string; reason: string }[];
  /** Not attempted because a crate they depend on failed. */
  notPublished: { crate: string; reason: string }[];
}

const label = (c: PlannedCrate) => `${c.name}@${c.version}`;
const tail = (text: string, lines = 8) => text.trim().split("\n").slice(-lines).join("\n");

/**
 * Publishes the plan in order: a version the index already lists is skipped; after each upload the index must
 * show the version before its dependents go; a 429 waits as the registry asks and retries; a failure stops only
 * the crates that depend on the failed one.
 */
export async function publishPlan(plan: CratePublishPlan, o: PublishRunOptions): Promise<PublishOutcome> {
  const outcome: PublishOutcome = { published: [], skipped: [], failed: [], notPublished: [] };
  const blocked = new Set<string>();
  for (const c of plan.crates) {
    const waitingOn = c.dependsOn.filter((d) => blocked.has(d));
    if (waitingOn.length > 0) {
      blocked.add(c.name);
      outcome.notPublished.push({ crate: label(c), reason: `depends on ${waitingOn.join(", ")}` });
      o.logger.error(
        "Not publishing %s: it depends on %s, which did not publish",
        label(c),
        waitingOn.join(", "),
      );
      continue;
    }
    const result = await publishOne(c, o);
    if (result === "skipped") {
      outcome.skipped.push(c);
      o.logger.log("%s is already in %s; skipped", label(c), o.registry.label);
      continue;
    }
    if (result !== "published") {
      blocked.add(c.name);
      outcome.failed.push({ crate: label(c), reason: result.reason });
      if (result.uploaded) outcome.published.push(c);
      continue;
    }
    outcome.published.push(c);
    o.logger.log("Published %s to %s", label(c), o.registry.label);
  }
  return outcome;
}

/** Publishes one crate unless the index lists it, retrying on rate limits, then waits for the index to show it. */
async function publishOne(
  c: PlannedCrate,
  o: PublishRunOptions,
): Promise<"published" | "skipped" | { reason: string; uploaded: boolean }> {
  try {
    if ((await o.index.versions(c.name)).has(c.version)) return "skipped";
    const failed = await o.index.http.retrying(`publish of ${label(c)}`, () => cargoPublish(c, o), {
      retries: o.rateLimitRetries,
      onRetry: (_what, ms) =>
        o.logger.log(
          "%s rate-limited the publish of %s; retrying in %d s",
          o.registry.label,
          label(c),
          Math.ceil(ms / 1000),
        ),
    });
    if (failed) return failed;
    if (await indexShows(c, o)) return "published";
    return {
      reason: `uploaded, but the index did not show it within ${Math.round(o.indexTimeoutMs / 1000)} s (the indexTimeout option)`,
      uploaded: true,
    };
  } catch (error) {
    return { reason: (error as Error).message, uploaded: false };
  }
}

/** One `cargo publish`: done when it (or the index) says so, retried after the wait a rate limit asks for. */
async function cargoPublish(
  c: PlannedCrate,
  o: PublishRunOptions,
): Promise<Step<{ reason: string; uploaded: false } | undefined>> {
  o.logger.log("Publishing %s to %s", label(c), o.registry.label);
  const filtered = o.stdout ? httpDebugFilter(o.stdout) : undefined;
  const r = await exec(o.cargo, publishArgs(c, o.registry, o.manifestPath), {
    cwd: o.cwd,
    env: withHttpDebug(o.env),
    stream: filtered,
    reject: false,
  });
  if (filtered) await new Promise<void>((resolve) => filtered.end(resolve));
  if (r.code === 0) return { done: undefined };
  // Cargo can fail after the upload (while it waits for the index): the index decides, not the message.
  if ((await o.index.versions(c.name)).has(c.version)) return { done: undefined };
  const failure = {
    reason: `cargo publish failed:\n${tail(stripHttpDebug(r.stderr))}`,
    uploaded: false as const,
  };
  const ms = rateLimitWait(r.stderr, o.index.http.now(), 60_000);
  if (ms === undefined) return { done: failure };
  return { failed: { status: 429 }, delayMs: ms, giveUp: () => failure };
}

/** Whether the index shows the crate's version, waiting up to `indexTimeoutMs` for it. */
async function indexShows(c: PlannedCrate, o: PublishRunOptions): Promise<boolean> {
  if ((await o.index.versions(c.name)).has(c.version)) return true;
  o.logger.log(
    "Waiting up to %d s for the index of %s to show %s",
    Math.round(o.indexTimeoutMs / 1000),
    o.registry.label,
    label(c),
  );
  return waitForVersion(o.index, c.name, c.version, { timeoutMs: o.indexTimeoutMs });
}
