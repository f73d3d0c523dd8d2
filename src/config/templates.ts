/**
 * The one template syntax of the bundle's options: `{key}` placeholders in archive names, GitHub asset names and
 * labels, docker tags and build args. Plain text, no code runs. Also the checks that a rendered name is safe.
 */

import type { Context } from "../types.js";

/** A placeholder: braces around anything but braces. */
const PLACEHOLDER = /\{([^{}]*)\}/g;

/** The version verifyConditions renders every template with: a prerelease with build metadata. */
export const SAMPLE_VERSION = "1.2.3-rc.1+build.5";
/** The commit verifyConditions renders `{revision}` with. */
export const SAMPLE_GIT_HEAD = "0123456789abcdef0123456789abcdef01234567";

interface Rendered {
  text: string;
  /** Placeholders whose key `values` does not have, such as `{arch}`. */
  unknown: string[];
  /** A `{` or `}` outside a placeholder. */
  unbalanced: boolean;
}

/**
 * Replaces every `{key}` whose key `values` has (an undefined value gives ""). Unknown placeholders are
 * reported and replaced by `unknownAs`, or kept as written.
 */
export function renderTemplate(
  template: string,
  values: Readonly<Record<string, string | undefined>>,
  unknownAs?: string,
): Rendered {
  const unknown: string[] = [];
  const text = template.replace(PLACEHOLDER, (whole, key: string) => {
    if (Object.hasOwn(values, key)) return values[key] ?? "";
    unknown.push(whole);
    return unknownAs ?? whole;
  });
  return { text, unknown, unbalanced: /[{}]/.test(template.replace(PLACEHOLDER, "")) };
}

/** Why a template is not well formed (unknown placeholders, stray braces), or undefined. */
export function templateProblem(r: Rendered, known: readonly string[]): string | undefined {
  if (r.unknown.length > 0)
    return `unknown placeholder${r.unknown.length > 1 ? "s" : ""} ${r.unknown.join(", ")} (known: ${known.map((k) => `{${k}}`).join(", ")})`;
  if (r.unbalanced) return "unbalanced braces";
  return undefined;
}

const CONTROL = /[\u0000-\u001f\u007f]/;
/** Characters `cmd` expands or quotes in a `.bat` file: `%VAR%`, `!VAR!`, `^` escapes, `"` quotes. */
const BATCH_SPECIAL = /[%!^"]/;

/** Why `text` is not safe as a line of text (a label, a name in a checksum line), or undefined. */
export function lineProblem(text: string): string | undefined {
  if (text.includes("\0")) return "it contains a NUL character";
  if (/[\n\r]/.test(text)) return "it contains a line break";
  if (CONTROL.test(text)) return "it contains a control character";
  return undefined;
}

/**
 * Why `name` is not one safe file name, or undefined: not empty, no `/`, `\`, `..`, line break, control
 * character or NUL; for names that reach a Windows `.bat` file also no `%`, `!`, `^` or `"`.
 */
export function fileNameProblem(name: string, o: { windows?: boolean } = {}): string | undefined {
  if (name.trim() === "") return "it is empty";
  const line = lineProblem(name);
  if (line) return line;
  if (/[/\\]/.test(name)) return "it contains a path separator";
  if (name.includes("..") || name === ".") return "it contains `..` or is `.`";
  if (o.windows && BATCH_SPECIAL.test(name))
    return 'it contains `%`, `!`, `^` or `"`, which Windows batch files expand';
  return undefined;
}

/** Windows targets, whose archives carry `setup-env.bat` and whose binaries end in `.exe`. */
export const isWindowsTarget = (target: string): boolean =>
  target.includes("-windows-") || target.endsWith("-windows");

/**
 * The git tag semantic-release makes from `tagFormat` for `version`, or why our tooling cannot read that
 * format: it must hold `${version}` exactly once and no other template code (`<% %>`, other `${...}`).
 */
export function renderTagFormat(
  tagFormat: string,
  version: string,
): { tag: string; problem?: undefined } | { tag?: undefined; problem: string } {
  const parts = tagFormat.split("${version}");
  if (parts.length !== 2) return { problem: "it must contain `${version}` exactly once" };
  if (parts.some((p) => p.includes("${") || p.includes("<%")))
    return { problem: "it must not contain template code other than `${version}`" };
  return { tag: parts.join(version) };
}

/**
 * The release channels a repository can publish to, for rendering `{channel}`: every branch's `channel` in
 * semantic-release's normalized `branches` (the branch name unless set; none for the first release branch or
 * `channel: false`), else the same rule over the raw `branches` option.
 */
export function releaseChannels(context: Context): string[] {
  const channels = new Set<string>();
  const given = (context as { branches?: unknown }).branches;
  const normalized = Array.isArray(given) ? (given as unknown[]) : undefined;
  const raw = context.options?.branches;
  const list = normalized ?? (Array.isArray(raw) ? (raw as unknown[]) : typeof raw === "string" ? [raw] : []);
  list.forEach((b, i) => {
    const o: { name?: unknown; channel?: unknown } =
      typeof b === "string" ? { name: b } : typeof b === "object" && b !== null ? b : {};
    if (typeof o.channel === "string") channels.add(o.channel);
    else if (!normalized && o.channel === undefined && i > 0 && typeof o.name === "string")
      channels.add(o.name);
  });
  return [...channels].filter((c) => c !== "");
}
