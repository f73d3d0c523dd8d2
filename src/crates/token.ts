import { join } from "node:path";
import { getError } from "../errors/get-error.js";
import type { SemanticReleaseError } from "../errors/semantic-release-error.js";
import { cargoHome, readToml, type CargoConfigFile } from "./cargo-config.js";
import type { TargetRegistry } from "./registry.js";

const nonEmpty = (v: unknown): boolean => typeof v === "string" && v.trim().length > 0;

/**
 * Checks, without writing anything, that cargo will find a token for the registry: its environment variable,
 * cargo's credentials file, a token or credential provider in the cargo configuration. `ENOCARGOTOKEN` otherwise.
 */
export async function checkToken(
  registry: TargetRegistry,
  env: NodeJS.ProcessEnv,
  files: CargoConfigFile[],
): Promise<SemanticReleaseError | undefined> {
  if (nonEmpty(env[registry.tokenEnv])) return undefined;
  const credentialsPath = join(cargoHome(env), "credentials.toml");
  const name = registry.credentialsName;
  for (const path of [credentialsPath, join(cargoHome(env), "credentials")]) {
    const toml = (await readToml(path).catch(() => undefined)) ?? {};
    const section = (
      name ? (toml.registries as Record<string, unknown> | undefined)?.[name] : toml.registry
    ) as { token?: unknown } | undefined;
    if (nonEmpty(section?.token)) return undefined;
  }
  for (const f of files) {
    const section = name ? f.registries[name] : f.registry;
    if (nonEmpty(section?.token)) return undefined;
    if (name && f.registries[name]?.["credential-provider"] !== undefined) return undefined;
    if (f.registry["global-credential-providers"] !== undefined) return undefined;
  }
  return getError("ENOCARGOTOKEN", { registry: registry.label, envName: registry.tokenEnv, credentialsPath });
}
