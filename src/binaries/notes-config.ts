import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { BinariesConfig } from "../config/options/binaries.js";
import { getError } from "../errors/get-error.js";
import type { DistManifest } from "../manifest/dist-manifest.js";
import { GITHUB_PLUGIN, pluginIndex } from "../plugins.js";
import type { Context } from "../types.js";

/** The text of the `notes` template file; `ENOTESTEMPLATE` when it cannot be read. */
export async function readNotesTemplate(path: string, cwd: string): Promise<string> {
  try {
    return await readFile(resolve(cwd, path), "utf8");
  } catch (error) {
    throw getError("ENOTESTEMPLATE", {
      path,
      reason: (error as NodeJS.ErrnoException).code ?? String(error),
    });
  }
}

/**
 * Whether the sections go into the GitHub release body (our github plugin is listed and `notesInGenerateNotes`
 * is off) rather than into generateNotes' output.
 */
export const sectionsInRelease = (config: BinariesConfig, context: Context): boolean =>
  !config.notesInGenerateNotes && pluginIndex(context, GITHUB_PLUGIN) >= 0;

/** The manifest's `notes` record: where the sections go and which (or the template's text). */
export async function notesRecord(
  config: BinariesConfig,
  context: Context,
  cwd: string,
): Promise<NonNullable<DistManifest["notes"]>> {
  const inRelease = sectionsInRelease(config, context);
  const n = config.notes;
  if (n && "template" in n) return { inRelease, templateText: await readNotesTemplate(n.template, cwd) };
  return { inRelease, ...(n ? { sections: n.sections } : {}) };
}
