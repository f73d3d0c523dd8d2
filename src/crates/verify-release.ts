import { relative } from "node:path";
import { throwAll } from "../errors/get-error.js";
import type { Context, PluginConfig } from "../types.js";
import { publishArgs } from "./cargo-args.js";
import { loadCratesConfig } from "./config.js";
import type { CratesPlanData } from "./plan.js";
import { cratesPreviewLines } from "./preview.js";
import { sparseIndexClient, type IndexClient } from "./sparse-index.js";
import { runBounded } from "../util/run-bounded.js";

/** Index look-ups at once: a 44-crate workspace is read in a few round trips. */
const LOOKUPS_AT_ONCE = 8;

/** The versions the index lists per crate; an error message instead when it cannot be read. */
async function indexVersions(
  index: IndexClient,
  names: string[],
): Promise<{ known: Map<string, Set<string>>; error?: string }> {
  const known = new Map<string, Set<string>>();
  try {
    await runBounded(
      names.map((name) => async () => known.set(name, await index.versions(name))),
      LOOKUPS_AT_ONCE,
    );
    return { known };
  } catch (error) {
    return { known, error: (error as Error).message };
  }
}

/**
 * What the plugin would publish for `version`, as data: the crates in order at the version the bump gives them, each
 * checked against the registry's index (read-only GETs). Publishes nothing, writes nothing.
 */
export async function readCratesPlan(
  pluginConfig: PluginConfig,
  context: Context,
  version: string,
): Promise<CratesPlanData> {
  const run = await loadCratesConfig(pluginConfig, context);
  throwAll(run.errors);
  const { plan, registry, workspace } = run;
  if (!plan || !registry || !workspace) return { registry: registry?.label ?? "?", crates: [], skipped: [] };
  const index = sparseIndexClient({
    indexUrl: registry.indexUrl,
    token: context.env[registry.tokenEnv],
    logger: context.logger,
    env: context.env,
    // Read-only and only informative: an unreachable index (offline) is reported at once, not retried.
    attempts: 1,
  });
  const { known, error } = await indexVersions(
    index,
    plan.crates.map((c) => c.name),
  );
  const manifest = relative(run.cwd, workspace.rootManifest) || workspace.rootManifest;
  return {
    registry: registry.label,
    crates: plan.crates.map((c) => {
      const listed = known.get(c.name);
      return {
        name: c.name,
        version,
        dependsOn: c.dependsOn,
        args: publishArgs(c, registry, manifest),
        ...(listed ? { inIndex: listed.has(version) } : {}),
      };
    }),
    skipped: plan.skipped,
    ...(error ? { indexError: error } : {}),
  };
}

/** The preview's lines for `version`. */
export const previewCrates = async (
  pluginConfig: PluginConfig,
  context: Context,
  version: string,
): Promise<string[]> => cratesPreviewLines(await readCratesPlan(pluginConfig, context, version));

/** verifyRelease (runs in --dry-run): logs the crates `nextRelease` would publish, in order. */
export async function verifyRelease(pluginConfig: PluginConfig, context: Context): Promise<void> {
  const version = context.nextRelease?.version;
  if (!version) return;
  for (const line of await previewCrates(pluginConfig, context, version)) context.logger.log("%s", line);
}
