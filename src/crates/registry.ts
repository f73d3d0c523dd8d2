import { getError } from "../errors/get-error.js";
import { optionInjection } from "../util/argv.js";
import { cargoConfigPaths, registryEnvKey, type CargoConfigFile } from "./cargo-config.js";

/** The registry the crates go to, resolved from the `registry` option and cargo's configuration. */
export interface TargetRegistry {
  /** For messages: `crates.io` or `registry \`NAME\``. */
  label: string;
  /** The name given to `cargo --registry`; undefined for crates.io (cargo's default). */
  cargoName?: string;
  /** HTTP base of the sparse index, ending with `/` (without the `sparse+` prefix). */
  indexUrl: string;
  /** The environment variable that holds the token. */
  tokenEnv: string;
  /** Name in cargo's credentials file: `undefined` for crates.io's `[registry]`. */
  credentialsName?: string;
  /** Set for an index URL that no configured registry has: cargo gets it as a registry defined by env. */
  defineInEnv?: { name: string; index: string };
  isCratesIo: boolean;
}

const CRATES_IO_INDEX = "https://index.crates.io/";
/** The registry name this plugin defines (through the environment) for an index URL given in the options. */
const URL_REGISTRY_NAME = "semantic-release-rust";

const withSlash = (u: string) => (u.endsWith("/") ? u : `${u}/`);
const sameIndex = (a: string, b: string) => withSlash(a.trim()) === withSlash(b.trim());

const cratesIo: TargetRegistry = {
  label: "crates.io",
  indexUrl: CRATES_IO_INDEX,
  tokenEnv: "CARGO_REGISTRY_TOKEN",
  isCratesIo: true,
};

function named(name: string, index: string): TargetRegistry {
  if (!index.startsWith("sparse+"))
    throw getError("ENOTSPARSEINDEX", { registry: `registry \`${name}\``, index });
  return {
    label: `registry \`${name}\``,
    cargoName: name,
    indexUrl: withSlash(index.slice("sparse+".length)),
    tokenEnv: `CARGO_REGISTRIES_${registryEnvKey(name)}_TOKEN`,
    credentialsName: name,
    isCratesIo: false,
  };
}

/** The index cargo knows for a registry name: `CARGO_REGISTRIES_<NAME>_INDEX`, else the config files in order. */
function configuredIndex(name: string, env: NodeJS.ProcessEnv, files: CargoConfigFile[]): string | undefined {
  const fromEnv = env[`CARGO_REGISTRIES_${registryEnvKey(name)}_INDEX`];
  if (fromEnv) return fromEnv;
  return files.map((f) => f.registries[name]?.index).find((i): i is string => typeof i === "string");
}

/**
 * Resolves the `registry` option: unset or `crates-io` → crates.io; a name → `[registries.NAME]`; an index URL →
 * the configured registry with that index, else a registry this plugin defines for cargo through the environment.
 */
export function resolveRegistry(
  option: string | undefined,
  o: { cwd: string; env: NodeJS.ProcessEnv; files: CargoConfigFile[] },
): TargetRegistry {
  if (!option || option === "crates-io") return cratesIo;
  const injection = optionInjection("registry name", option, "the `registry` option");
  if (injection) throw injection;
  if (!option.includes("://")) {
    const index = configuredIndex(option, o.env, o.files);
    if (!index)
      throw getError("EUNKNOWNREGISTRY", { name: option, searched: cargoConfigPaths(o.cwd, o.env) });
    if (sameIndex(index, `sparse+${CRATES_IO_INDEX}`)) return cratesIo;
    return named(option, index);
  }
  if (sameIndex(option, `sparse+${CRATES_IO_INDEX}`)) return cratesIo;
  if (!option.startsWith("sparse+")) throw getError("ENOTSPARSEINDEX", { registry: option, index: option });
  const names = new Set(o.files.flatMap((f) => Object.keys(f.registries)));
  for (const name of names) {
    const index = configuredIndex(name, o.env, o.files);
    if (index && sameIndex(index, option)) return named(name, index);
  }
  return {
    ...named(URL_REGISTRY_NAME, option),
    label: `registry ${option}`,
    tokenEnv: "CARGO_REGISTRY_TOKEN",
    credentialsName: undefined,
    defineInEnv: { name: URL_REGISTRY_NAME, index: option },
  };
}

/**
 * The environment cargo runs with: the context's, plus the registry this plugin defines for an index URL
 * (its token copied from `CARGO_REGISTRY_TOKEN`). Tokens only ever travel in the environment.
 */
export function cargoEnv(registry: TargetRegistry, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  if (!registry.defineInEnv) return env;
  const key = registryEnvKey(registry.defineInEnv.name);
  const token = env[registry.tokenEnv];
  return {
    ...env,
    [`CARGO_REGISTRIES_${key}_INDEX`]: registry.defineInEnv.index,
    ...(token ? { [`CARGO_REGISTRIES_${key}_TOKEN`]: token } : {}),
  };
}

/** The page of a published crate: crates.io's, or the registry's web API host's `/crates/NAME/VERSION`. */
export function crateUrl(
  registry: TargetRegistry,
  api: string | undefined,
  name: string,
  version: string,
): string {
  if (registry.isCratesIo) return `https://crates.io/crates/${name}/${version}`;
  const base = (api ?? registry.indexUrl).replace(/\/+$/, "");
  return `${base}/crates/${name}/${version}`;
}
