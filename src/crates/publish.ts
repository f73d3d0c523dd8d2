import type { HttpDeps } from "../http/client.js";
import { getError, throwAll } from "../errors/get-error.js";
import { resolve } from "node:path";
import { timed } from "../summary/timings.js";
import type { Context, PluginConfig } from "../types.js";
import { loadCratesConfig } from "./config.js";
import { publishPlan, type PublishOutcome } from "./publish-crates.js";
import { stepCargo } from "./release-dirt.js";
import { crateUrl, type TargetRegistry } from "./registry.js";
import { sparseIndexClient, type IndexClient } from "./sparse-index.js";

/** Test seams: the clock and sleep of every wait (rate limits, the index). */
type PublishDeps = HttpDeps;

/**
 * Publishes the crates in dependency order (see `publishPlan`). Returns the release's `{ name, url }`: the page
 * of the root package, else of the last crate published in order (usually the one the others serve). In the
 * split release nothing is published here: `semantic-release-rust finish` does it once every target is built.
 */
export async function publish(
  pluginConfig: PluginConfig,
  context: Context,
  deps: PublishDeps = {},
): Promise<{ name: string; url: string } | false> {
  const run = await loadCratesConfig(pluginConfig, context);
  throwAll(run.errors);
  const { plan, registry, workspace, config } = run;
  if (config.rustRelease === "split") {
    context.logger.log("Split release: the crates are published by `semantic-release-rust finish`");
    return false;
  }
  if (!plan || !registry || !workspace) return false;
  for (const s of plan.skipped) context.logger.log("Not publishing %s %s: %s", s.name, s.version, s.reason);
  if (plan.crates.length === 0) {
    context.logger.log("No crate to publish");
    return false;
  }
  const { cargo, env, allowDirt } = stepCargo({ cwd: run.cwd, registry, workspace }, context);
  const { plan: toPublish } = await allowDirt(plan);
  // Other uncommitted changes: cargo publish refuses the crate with its own message.
  const index = sparseIndexClient({
    indexUrl: registry.indexUrl,
    token: context.env[registry.tokenEnv],
    logger: context.logger,
    env: context.env,
    ...deps,
  });
  const timing = {
    distDir: resolve(run.cwd, config.distDir),
    version: context.nextRelease?.version ?? "",
    step: "crates",
    label: `publish ${toPublish.crates.length} crates`,
    ...(deps.now ? { now: deps.now } : {}),
  };
  const outcome = await timed(timing, () =>
    publishPlan(toPublish, {
      registry,
      index,
      cargo,
      manifestPath: workspace.rootManifest,
      cwd: run.cwd,
      env,
      logger: context.logger,
      stdout: context.stdout,
      indexTimeoutMs: config.indexTimeout * 1000,
      rateLimitRetries: config.rateLimitRetries,
    }),
  );
  if (outcome.failed.length > 0) throw publishError(registry, outcome);
  const main = plan.crates.find((c) => c.name === workspace.rootPackage) ?? plan.crates.at(-1)!;
  return releaseOf(registry, index, main);
}

/** `ECRATESPUBLISH`: which crates were published, skipped, failed and not published. */
function publishError(registry: TargetRegistry, outcome: PublishOutcome) {
  const label = (c: { name: string; version: string }) => `${c.name}@${c.version}`;
  return getError("ECRATESPUBLISH", {
    registry: registry.label,
    published: outcome.published.map(label),
    skipped: outcome.skipped.map(label),
    failed: outcome.failed,
    notPublished: outcome.notPublished,
  });
}

/** The release semantic-release lists: the crate's page on crates.io, or under the registry's API host. */
async function releaseOf(
  registry: TargetRegistry,
  index: IndexClient,
  main: { name: string; version: string },
): Promise<{ name: string; url: string }> {
  const api = registry.isCratesIo
    ? undefined
    : await index.config().then(
        (c) => c.api,
        () => undefined,
      );
  return {
    name: registry.isCratesIo ? "crates.io" : `Crates (${registry.label})`,
    url: crateUrl(registry, api, main.name, main.version),
  };
}
