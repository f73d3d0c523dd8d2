import { lineProblem, renderTagFormat, SAMPLE_VERSION } from "../config/templates.js";
import { getError } from "../errors/get-error.js";
import type { SemanticReleaseError } from "../errors/semantic-release-error.js";
import type { Context } from "../types.js";
import { exec } from "../util/exec.js";
import { DEFAULT_TAG_FORMAT } from "../plugins.js";

/**
 * Tags that `git check-ref-format` accepts without asking it (one process less each): letters, digits, `_`, `+` and
 * `-`, in dot-separated parts that are not empty and do not start with `-`, and not ending in `.lock`. Any other tag
 * is left to git.
 */
const PLAIN_TAG = /^[\w+][\w+-]*(?:\.[\w+-]+)*$/;

/**
 * Checks semantic-release's global `tagFormat` (in `context.options`): our tooling can read it (`${version}`
 * once, no other template code) and it gives a valid git tag for a plain and a prerelease+build version
 * (`git check-ref-format`, read-only).
 */
export async function tagFormatErrors(context: Context, cwd: string): Promise<SemanticReleaseError[]> {
  const tagFormat =
    typeof context.options?.tagFormat === "string" ? context.options.tagFormat : DEFAULT_TAG_FORMAT;
  for (const version of ["1.2.3", SAMPLE_VERSION]) {
    const r = renderTagFormat(tagFormat, version);
    if (r.problem !== undefined) return [getError("ETAGFORMAT", { tagFormat, reason: r.problem })];
    const line = lineProblem(r.tag);
    const res = line
      ? { code: 1 }
      : PLAIN_TAG.test(r.tag) && !r.tag.endsWith(".lock")
        ? { code: 0 }
        : await exec("git", ["check-ref-format", `refs/tags/${r.tag}`], {
            cwd,
            env: context.env,
            reject: false,
          });
    if (res.code !== 0)
      return [
        getError("ETAGFORMAT", {
          tagFormat,
          reason: line ?? `\`git check-ref-format\` refuses the tag for version ${version}`,
          tag: r.tag,
        }),
      ];
  }
  return [];
}
