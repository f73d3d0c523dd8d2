import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startCratesRegistry, type CratesRegistry, type CratesRegistryOptions } from "./crates-registry.js";

export interface CratesSandbox {
  registry: CratesRegistry;
  /** The registry's name in cargo's configuration. */
  name: string;
  /** A temp `CARGO_HOME` whose `config.toml` defines the registry (unless `writeConfig: false`). */
  cargoHome: string;
  /** The cargo configuration that names the registry, for a project's `.cargo/config.toml`. */
  configToml: string;
  /** What cargo and the plugin need: `CARGO_HOME` and `CARGO_REGISTRIES_<NAME>_TOKEN`. */
  env: Record<string, string>;
  /** The crates plugin's config for this registry. */
  pluginConfig: { registry: string };
  stop(): Promise<void>;
}

/**
 * Starts the registry stand-in with a temp `CARGO_HOME` that names it `name` (default `local`) and makes it
 * stand in for crates.io (`[source.crates-io] replace-with`), so a workspace whose path dependencies carry no
 * `registry = ...` (such as examples/) packages, publishes and resolves against it; nothing reaches crates.io.
 */
export async function startCratesSandbox(
  o: CratesRegistryOptions & { name?: string; replaceCratesIo?: boolean; writeConfig?: boolean } = {},
): Promise<CratesSandbox> {
  const name = o.name ?? "local";
  const registry = await startCratesRegistry(o);
  const cargoHome = await mkdtemp(join(tmpdir(), "srr-cargo-home-"));
  await mkdir(cargoHome, { recursive: true });
  const replace = o.replaceCratesIo === false ? "" : `\n[source.crates-io]\nreplace-with = "${name}"\n`;
  const configToml = `[registries.${name}]\nindex = "${registry.indexUrl}"\n${replace}`;
  if (o.writeConfig !== false) await writeFile(join(cargoHome, "config.toml"), configToml);
  const key = name.toUpperCase().replace(/-/g, "_");
  return {
    registry,
    name,
    cargoHome,
    configToml,
    env: { CARGO_HOME: cargoHome, [`CARGO_REGISTRIES_${key}_TOKEN`]: registry.token },
    pluginConfig: { registry: name },
    stop: async () => {
      await registry.stop();
      await rm(cargoHome, { recursive: true, force: true });
    },
  };
}

/**
 * For the demo: a local crates registry named `local`. Pass `env` to semantic-release (with the demo's own
 * `CARGO_TARGET_DIR` if it has one) and `pluginConfig` to `semantic-release-rust/crates`; `stop()` at the end.
 */
export const startDemoCratesRegistry = (): Promise<CratesSandbox> => startCratesSandbox({ name: "local" });
