import { Invalid, invalid, parseObject, under, unknownKey } from "../define.js";

/**
 * A code-signing command: an argv template (never a shell string) run once per binary after the build. Its
 * placeholders: `{binary}` (the binary to sign, always given), `{signed}` (where a tool that does not sign in
 * place writes the signed file; it then replaces the binary), `{target}` and `{bin}`. Secrets never appear in it:
 * the command reads them from its environment itself.
 */
export interface CodesignCommand {
  command: string[];
}

/** The OS of a target triple, as the plugin-level `codesign` option is keyed. */
export const CODESIGN_OSES = ["linux", "macos", "windows"] as const;
export type CodesignOs = (typeof CODESIGN_OSES)[number];

/** Plugin-level `codesign`: one command per OS, for every target of that OS without its own `codesign`. */
export type CodesignOption = Partial<Record<CodesignOs, CodesignCommand>>;

export const CODESIGN_PLACEHOLDERS = ["binary", "signed", "target", "bin"] as const;

export const CODESIGN_COMMAND_EXPECTED =
  '`{ "command": ["program", "arg", ..., "{binary}"] }` (an argv array that names `{binary}`)';
export const CODESIGN_EXPECTED = `\`{ "windows": ..., "macos": ..., "linux": ... }\`, each ${CODESIGN_COMMAND_EXPECTED}`;

const SECRET_SYNTAX =
  "an argument without `${...}`: nothing is interpolated into argv, the command reads its secrets from its environment";

/** The first problem of one argument of the template, if any. */
function argProblem(arg: unknown, first: boolean): string | undefined {
  if (typeof arg !== "string" || arg === "") return "a non-empty string";
  if (arg.includes("${")) return SECRET_SYNTAX;
  const unknown = [...arg.matchAll(/\{(\w+)\}/g)]
    .map((m) => m[1] as string)
    .find((name) => !(CODESIGN_PLACEHOLDERS as readonly string[]).includes(name));
  if (unknown !== undefined)
    return `an argument whose placeholders are ${CODESIGN_PLACEHOLDERS.map((p) => `\`{${p}}\``).join(", ")} (not \`{${unknown}}\`)`;
  if (first && /\{\w+\}/.test(arg)) return "a program name or path without placeholders";
  return undefined;
}

/** `{ "command": [...] }` or `false` (a target's own `false` turns the OS default off). */
export function parseCodesignCommand(v: unknown): CodesignCommand | Invalid {
  const o = parseObject(v, CODESIGN_COMMAND_EXPECTED);
  if (o instanceof Invalid) return o;
  const unknown = unknownKey(o, ["command"]);
  if (unknown) return unknown;
  const command = o.command;
  if (!Array.isArray(command) || command.length === 0)
    return under("command", invalid("a non-empty argv array (program first)", command));
  for (const [i, arg] of command.entries()) {
    const problem = argProblem(arg, i === 0);
    if (problem) return under("command", under(i, invalid(problem, arg)));
  }
  if (!command.some((a) => (a as string).includes("{binary}")))
    return under("command", invalid("an argv array with `{binary}` in one argument", command));
  return { command: command as string[] };
}

/** The plugin-level option: one command per OS. */
export function parseCodesign(v: unknown): CodesignOption | Invalid {
  const o = parseObject(v, CODESIGN_EXPECTED);
  if (o instanceof Invalid) return o;
  const unknown = unknownKey(o, CODESIGN_OSES);
  if (unknown) return unknown;
  const parsed: CodesignOption = {};
  for (const os of CODESIGN_OSES) {
    if (o[os] === undefined) continue;
    const command = under(os, parseCodesignCommand(o[os]));
    if (command instanceof Invalid) return command;
    parsed[os] = command;
  }
  return parsed;
}
