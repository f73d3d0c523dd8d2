import { getError } from "../errors/get-error.js";
import type { SemanticReleaseError } from "../errors/semantic-release-error.js";

/** Words POSIX sh reads literally: no quoting needed (so ordinary names keep their plain look). */
const SH_PLAIN = /^[A-Za-z0-9_@%+=:,./-]+$/;
/** Words PowerShell reads literally as a command argument or path (no `$`, quotes, wildcards, `@`, `,`...). */
const PS_PLAIN = /^[A-Za-z0-9_.\\/:+-]+$/;
/** Single quotes in PowerShell: the ASCII one and the typographic ones it treats alike. */
const PS_QUOTES = /['\u2018\u2019\u201a\u201b]/g;

/** One POSIX sh word for `word`: as is when plain, else `'...'` with every `'` written as `'\''`. */
export function shQuote(word: string): string {
  if (SH_PLAIN.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A sh argument naming a file: like `shQuote`, with `./` first when the name starts with `-` (not an option). */
export const shFileArg = (name: string): string => shQuote(name.startsWith("-") ? `./${name}` : name);

/** One PowerShell word for `word`: as is when plain, else `'...'` with every single quote doubled. */
export function psQuote(word: string): string {
  if (PS_PLAIN.test(word) && !word.startsWith("-")) return word;
  return `'${word.replace(PS_QUOTES, (q) => q + q)}'`;
}

/** A PowerShell single-quoted string, always quoted (a value, not a command word): single quotes doubled. */
export const psLiteral = (text: string): string => `'${text.replace(PS_QUOTES, (q) => q + q)}'`;

/** True when `psQuote` leaves `word` as is (it then holds no PowerShell wildcard either). */
export const psPlain = (word: string): boolean => psQuote(word) === word;

/** A markdown code span that shows `text` verbatim: a backtick fence longer than any run of backticks in it. */
export function mdCode(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad =
    /^`|`$/.test(text) || (text.startsWith(" ") && text.endsWith(" ") && text.trim() !== "") ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** Markdown text that shows `text` verbatim: backslash before what could start emphasis, code, links or HTML. */
export const mdText = (text: string): string =>
  text.replace(/[\\`*[\]<>|&]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, "\\$&");

/** Control characters (line feed, carriage return, tab, escape, DEL...): refused in every rendered name. */
const CONTROL = /\p{Cc}/u;
/** What cmd cannot quote safely in a `.bat` file: `%` and `!` expand, `^` escapes, `"` toggles quoting. */
const CMD_UNSAFE = /[\p{Cc}%!^"]/u;
/** What `sha256sum -c` reads otherwise than written in a checksum line: line breaks, controls, backslashes. */
const CHECKSUM_UNSAFE = /[\p{Cc}\\]/u;

const REASONS = {
  control:
    "A line break or another control character in a name would end the line it is written on, so the rest of the name becomes a line of its own: a forged checksum, or a command run by whoever pastes the instructions.",
  cmd: '`cmd` expands `%` and `!` even inside quotes, treats `^` as an escape and `"` as the end of a quoted string, so `setup-env.bat` cannot hold or be run from a folder with such a name safely.',
  checksum:
    "`sha256sum -c` reads a line with a backslash, a line break or another control character in the file name as an escaped name or as two lines, so the check would fail or check another file.",
} as const;

/** `` `%` `` for visible characters, `U+000A` for the others. */
function describeChar(char: string): string {
  if (/[\p{Cc}\p{Z}]/u.test(char))
    return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
  return mdCode(char);
}

/**
 * `EUNSAFENAME` for each of `values` holding a character of `unsafe` (control characters always), naming the
 * value, its first such character and the file it was to be written into. Empty when all are safe.
 */
export function unsafeNameErrors(
  values: readonly string[],
  file: string,
  kind: "control" | "cmd" | "checksum" = "control",
): SemanticReleaseError[] {
  const pattern = { control: CONTROL, cmd: CMD_UNSAFE, checksum: CHECKSUM_UNSAFE }[kind];
  return [...new Set(values)].flatMap((value) => {
    const char = pattern.exec(value)?.[0];
    if (char === undefined) return [];
    const reason = CONTROL.test(char) ? REASONS.control : REASONS[kind];
    return [getError("EUNSAFENAME", { value, char: describeChar(char), file, reason })];
  });
}
