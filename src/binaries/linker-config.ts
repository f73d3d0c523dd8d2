import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { parse } from "smol-toml";

/** `CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER` for `aarch64-unknown-linux-gnu`. */
export const linkerEnvName = (triple: string): string =>
  `CARGO_TARGET_${triple.toUpperCase().replace(/[-.]/g, "_")}_LINKER`;

/**
 * Linkers the user configured per target triple, as cargo would see them: `CARGO_TARGET_<TRIPLE>_LINKER`
 * variables, then `[target.<triple>] linker` in `.cargo/config.toml` from the folder up, then `$CARGO_HOME`.
 */
export async function configuredLinkers(o: {
  cwd: string;
  env: NodeJS.ProcessEnv;
}): Promise<Record<string, string>> {
  const linkers: Record<string, string> = {};
  const files: string[] = [];
  for (let dir = o.cwd; ; dir = dirname(dir)) {
    files.push(join(dir, ".cargo", "config.toml"), join(dir, ".cargo", "config"));
    if (dirname(dir) === dir) break;
  }
  const cargoHome = o.env.CARGO_HOME || (o.env.HOME ? join(o.env.HOME, ".cargo") : undefined);
  if (cargoHome) files.push(join(cargoHome, "config.toml"), join(cargoHome, "config"));
  for (const file of files) {
    const text = await readFile(file, "utf8").catch(() => undefined);
    if (text === undefined) continue;
    let toml: { target?: Record<string, { linker?: unknown }> };
    try {
      toml = parse(text) as typeof toml;
    } catch {
      continue;
    }
    for (const [key, value] of Object.entries(toml.target ?? {})) {
      if (typeof value?.linker === "string" && !(key in linkers)) linkers[key] = value.linker;
    }
  }
  for (const [name, value] of Object.entries(o.env)) {
    const m = /^CARGO_TARGET_(.+)_LINKER$/.exec(name);
    if (m && value) linkers[m[1] as string] = value;
  }
  return linkers;
}

/** The linker configured for a triple, if any. */
export function linkerFor(linkers: Record<string, string>, triple: string): string | undefined {
  return linkers[linkerEnvName(triple).slice("CARGO_TARGET_".length, -"_LINKER".length)] ?? linkers[triple];
}
