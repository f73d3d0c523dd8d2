import { BINARIES_PLUGIN, GITHUB_PLUGIN } from "../plugins.js";
import { findRelease } from "../github/releases.js";
import { makeClient, loadGithubConfig } from "../github/config.js";
import type { Context } from "../types.js";
import type { ResumeInput } from "./inputs.js";
import { listed } from "../config/release-config.js";
import { commitSubjects } from "./tag.js";

/**
 * The release notes: the body of the tag's GitHub release when there is one (the interrupted run wrote it), else
 * minimal notes: a heading, the commit subjects since the previous tag, and the binaries' install section and
 * artifact table when that plugin is listed. Reads only.
 */
export async function resolveNotes(
  input: ResumeInput,
  context: Context,
): Promise<{ notes: string; from: string }> {
  const github = listed(input.config, GITHUB_PLUGIN);
  if (github) {
    const { settings, errors } = loadGithubConfig(github.pluginConfig, context);
    if (errors.length === 0) {
      try {
        const found = await findRelease(makeClient(settings, context), settings, input.release.gitTag);
        if (found?.body) return { notes: found.body, from: "the GitHub release" };
      } catch (error) {
        context.logger.error(
          "Cannot read the GitHub release of %s: %s",
          input.release.gitTag,
          (error as Error).message,
        );
      }
    }
  }
  const { version, gitTag } = input.release;
  const subjects = await commitSubjects(gitTag, { cwd: input.cwd, env: input.env });
  const parts = [`## ${version}`, subjects.map((s) => `* ${s}`).join("\n")];
  const binaries = listed(input.config, BINARIES_PLUGIN);
  if (binaries) {
    const { generateNotes } = await import("../binaries/generate-notes.js");
    parts.push((await generateNotes(binaries.pluginConfig, context)).trim());
  }
  return { notes: `${parts.filter(Boolean).join("\n\n")}\n`, from: "generated" };
}
