import { readFile } from "node:fs/promises";
import { dirname, join, parse as parsePath } from "node:path";
import { parse } from "smol-toml";

/** The parts of a cargo configuration file this plugin reads. */
export interface CargoConfigFile {
  path: string;
  registries: Record<string, { index?: string; token?: string; "credential-provider"?: unknown }>;
  registry: { token?: string; "global-credential-providers"?: unknown };
}

/** `$CARGO_HOME`, defaulting to `~/.cargo` as cargo does. */
export const cargoHome = (env: NodeJS.ProcessEnv): string => env.CARGO_HOME || join(env.HOME ?? "", ".cargo");

/** Cargo's env key of a registry name: upper-case, `-` → `_` (`my-reg` → `MY_REG`). */
export const registryEnvKey = (name: string): string => name.toUpperCase().replace(/[-.]/g, "_");

/** The files cargo reads for its configuration, highest precedence first: `cwd` upwards, then `$CARGO_HOME`. */
export function cargoConfigPaths(cwd: string, env: NodeJS.ProcessEnv): string[] {
  const paths: string[] = [];
  const root = parsePath(cwd).root;
  for (let dir = cwd; ; dir = dirname(dir)) {
    paths.push(join(dir, ".cargo", "config.toml"), join(dir, ".cargo", "config"));
    if (dir === root) break;
  }
  const home = cargoHome(env);
  for (const p of [join(home, "config.toml"), join(home, "config")]) if (!paths.includes(p)) paths.push(p);
  return paths;
}

/** Reads a TOML file; `undefined` when it does not exist. */
export async function readToml(path: string): Promise<Record<string, unknown> | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if (
      (error as NodeJS.ErrnoException).code === "ENOENT" ||
      (error as NodeJS.ErrnoException).code === "EISDIR"
    ) {
      return undefined;
    }
    throw error;
  }
  return parse(text) as Record<string, unknown>;
}

const table = (v: unknown): Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** Every cargo configuration file that exists, highest precedence first. */
export async function readCargoConfigs(cwd: string, env: NodeJS.ProcessEnv): Promise<CargoConfigFile[]> {
  const files: CargoConfigFile[] = [];
  for (const path of cargoConfigPaths(cwd, env)) {
    const toml = await readToml(path);
    if (!toml) continue;
    files.push({
      path,
      registries: table(toml.registries) as CargoConfigFile["registries"],
      registry: table(toml.registry) as CargoConfigFile["registry"],
    });
  }
  return files;
}
