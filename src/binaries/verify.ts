import { getError, throwAll } from "../errors/get-error.js";
import type { BinariesConfig } from "../config/options/binaries.js";
import { pluginIndex } from "../plugins.js";
import type { SemanticReleaseError } from "../errors/semantic-release-error.js";
import { cwdOf } from "../util/context.js";
import type { Context, PluginConfig } from "../types.js";
import { planErrors } from "./plan.js";
import { archiveSettings } from "./archive-settings.js";
import { checkReleaseIncludes } from "./package-all.js";
import { loadBinariesConfig, loadPlan } from "./config.js";
import { archiveConfigErrors } from "./verify-archives.js";
import { readNotesTemplate } from "./notes-config.js";
import { signingProblems } from "../sign/verify.js";
import { codesignProblems } from "./codesign.js";

const BUILDER_PROBLEMS = new Set(["no-builder", "no-std", "no-auto-builder"]);

/** Plugins that commit files into the release commit: builds made before it cannot embed it. */
const COMMITTING = ["@semantic-release/git", "@semantic-release/changelog"];

/**
 * `prebuilt` with a plugin that makes a release commit (or writes the changelog into it) is refused
 * (`EPREBUILTFLOW`): the jobs ran before that commit existed. Prepare still checks every job's commit.
 */
const prebuiltFlowErrors = (config: BinariesConfig, context: Context): SemanticReleaseError[] =>
  config.prebuilt && COMMITTING.some((name) => pluginIndex(context, name) !== -1)
    ? [getError("EPREBUILTFLOW", { dir: config.prebuilt })]
    : [];

/**
 * Checks the options, the workspace's binaries, every target triple and every target's builder and std, and
 * the archive includes (every pattern matches files of the release commit, nothing leads out of the workspace),
 * and the `sign` option's keys and tools, and reports all problems at once. With `prebuilt` or in the split release the builds happen elsewhere, so
 * builders are not checked.
 * Runs only read-only commands.
 */
export async function verifyConditions(pluginConfig: PluginConfig, context: Context): Promise<void> {
  const { config, errors } = loadBinariesConfig(pluginConfig);
  const problems: SemanticReleaseError[] = [...errors, ...prebuiltFlowErrors(config, context)];
  const collect = (error: unknown) => {
    const all = error instanceof AggregateError ? (error.errors as unknown[]) : [error];
    for (const e of all) if (!(e as { semanticRelease?: boolean }).semanticRelease) throw error;
    problems.push(...(all as SemanticReleaseError[]));
  };
  try {
    const { plan, workspace } = await loadPlan(config, { cwd: cwdOf(context), env: context.env });
    const elsewhere = config.prebuilt !== undefined || config.rustRelease === "split";
    const relevant = plan.problems.filter((p) => !(elsewhere && BUILDER_PROBLEMS.has(p.kind)));
    problems.push(...planErrors(relevant));
    const targets = config.targets?.map((t) => t.target) ?? [plan.host];
    problems.push(
      ...archiveConfigErrors(config, { name: plan.name, bins: plan.bins.map((b) => b.name), targets }),
    );
    if (config.rustRelease === "split")
      context.logger.log("Split release: `semantic-release-rust build --tag` jobs build every target");
    else if (config.prebuilt) context.logger.log("Binaries come prebuilt from %s", config.prebuilt);
    else {
      for (const t of plan.targets)
        context.logger.log("Target %s: builder %s (%s)", t.target, t.builder, t.reason);
    }
    if (!elsewhere)
      problems.push(...(await codesignProblems(config, targets, { cwd: cwdOf(context), env: context.env })));
    // A bad include stops the release here, before anything is built, committed or pushed.
    await checkReleaseIncludes(archiveSettings(config), workspace, {
      targetDir: plan.targetDir,
      context,
    }).catch(collect);
  } catch (error) {
    collect(error);
    problems.push(...archiveConfigErrors(config));
  }
  const notes = config.notes;
  if (notes && "template" in notes) await readNotesTemplate(notes.template, cwdOf(context)).catch(collect);
  problems.push(...(await signingProblems(config.sign, context.env)));
  throwAll(problems);
}
