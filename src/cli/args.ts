/** Parses `--flag value` and `--flag=value` pairs (repeatable) and positionals. Unknown flags are errors. */
export function parseArgs(
  args: readonly string[],
  flags: Record<string, "string" | "strings" | "boolean">,
): { values: Record<string, string | string[] | boolean>; positionals: string[]; error?: string } {
  const values: Record<string, string | string[] | boolean> = {};
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (!arg.startsWith("--")) {
      positionals.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    const kind = flags[name];
    if (!kind) return { values, positionals, error: `unknown option --${name}` };
    if (kind === "boolean") {
      if (inline !== undefined) return { values, positionals, error: `--${name} takes no value` };
      values[name] = true;
      continue;
    }
    const value = inline ?? args[++i];
    if (value === undefined || value === "") return { values, positionals, error: `--${name} needs a value` };
    if (kind === "strings") values[name] = [...((values[name] as string[] | undefined) ?? []), value];
    else values[name] = value;
  }
  return { values, positionals };
}
