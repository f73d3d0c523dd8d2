import type { BinariesConfig } from "../config/options/binaries.js";
import {
  fileNameProblem,
  isWindowsTarget,
  renderTemplate,
  SAMPLE_VERSION,
  templateProblem,
} from "../config/templates.js";
import { loadWorkspace } from "../cargo/workspace.js";
import { getError } from "../errors/get-error.js";
import type { SemanticReleaseError } from "../errors/semantic-release-error.js";
import { cwdOf } from "../util/context.js";
import type { Context } from "../types.js";
import { ARCHIVE_NAME_PLACEHOLDERS, defaultFormat, renderArchiveName } from "./archive-layout.js";
import { compressionLevel } from "./archive-compress.js";
import { releaseName, selectBins } from "./plan.js";
import { loadBinariesConfig } from "./config.js";
import { hostTriple } from "./toolchain.js";

/** What the archive checks need from the workspace: the `{name}`, the binaries and every configured target. */
interface ArchiveNames {
  name: string;
  bins: string[];
  targets: string[];
}

const errorOf = (f: () => unknown): SemanticReleaseError | undefined => {
  try {
    f();
    return undefined;
  } catch (error) {
    if (!(error as { semanticRelease?: boolean }).semanticRelease) throw error;
    return error as SemanticReleaseError;
  }
};

/**
 * Everything about archives checkable before any build: `archiveName` (placeholders, and one safe file name for
 * the sample version and every target), binary names, and the compression level for each target's format.
 * Without `names` (the workspace could not be read) only the template and the configured targets' levels.
 */
export function archiveConfigErrors(config: BinariesConfig, names?: ArchiveNames): SemanticReleaseError[] {
  const errors: SemanticReleaseError[] = [];
  const template = config.archiveName;
  const probe = renderTemplate(template, { name: "n", version: "v", target: "t" });
  const unknown = templateProblem(probe, ARCHIVE_NAME_PLACEHOLDERS);
  if (unknown) errors.push(getError("EARCHIVENAME", { template, reason: unknown }));
  const targets = names?.targets ?? config.targets?.map((t) => t.target) ?? [];
  const name = names?.name ?? config.name;
  const seen = new Set<string>();
  for (const target of unknown ? [] : targets) {
    const vars = { name: name ?? "", version: SAMPLE_VERSION, target };
    const e = name === undefined ? undefined : errorOf(() => renderArchiveName(template, vars));
    if (e && !seen.has(e.message)) errors.push(e);
    if (e) seen.add(e.message);
  }
  for (const bin of names?.bins ?? []) {
    const windows = targets.find(isWindowsTarget);
    const problem = fileNameProblem(bin, { windows: windows !== undefined });
    if (problem)
      errors.push(
        getError("EBINARYNAME", { name: bin, reason: problem, ...(windows ? { target: windows } : {}) }),
      );
  }
  const formats = new Set(targets.map((t) => config.archiveFormat ?? defaultFormat(t)));
  if (config.archiveFormat) formats.add(config.archiveFormat);
  for (const format of formats) {
    const e = errorOf(() => compressionLevel(format, config.compressionLevel));
    if (e) errors.push(e);
  }
  return errors;
}

/** The `{name}`, binaries and targets of a release, read from the workspace (cargo metadata, rustc -vV). */
async function archiveNames(config: BinariesConfig, context: Context): Promise<ArchiveNames> {
  const cwd = cwdOf(context);
  const workspace = await loadWorkspace({ cwd, env: context.env, manifestPath: config.manifestPath });
  const { bins, packages } = selectBins(config, workspace);
  const targets = config.targets?.map((t) => t.target) ?? [await hostTriple({ cwd, env: context.env })];
  return { name: releaseName(config, bins, packages), bins: bins.map((b) => b.name), targets };
}

/** The binaries plugin's config errors that need no build and no builder: options and archive checks. */
export async function binariesConfigErrors(
  pluginConfig: Record<string, unknown>,
  context: Context,
): Promise<SemanticReleaseError[]> {
  const { config, errors } = loadBinariesConfig(pluginConfig);
  // A workspace or rustc that cannot be read is reported by the preview; the template checks still run.
  const names = await archiveNames(config, context).catch(() => undefined);
  return [...errors, ...archiveConfigErrors(config, names)];
}
