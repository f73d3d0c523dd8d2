import {
  BINARIES_PLUGIN,
  CARGO_PLUGIN,
  CRATES_PLUGIN,
  DOCKER_PLUGIN,
  GITHUB_PLUGIN,
  INSTALLERS_PLUGIN,
} from "../plugins.js";
import { resolveOptions, type ConfigOf, type Schema } from "./define.js";
import { optionError } from "../errors/get-error.js";
import type { SemanticReleaseError } from "../errors/semantic-release-error.js";
import { cargoOptions } from "./options/cargo.js";
import { dockerOptions } from "./options/docker.js";
import { binariesOptions } from "./options/binaries.js";
import { githubOptions } from "./options/github.js";
import { cratesOptions } from "./options/crates.js";
import { installersOptions } from "./options/installers.js";

export type CargoConfig = ConfigOf<typeof cargoOptions>;

/** Every plugin's schema by its entry point, for the README tables. */
export const schemas: Record<string, Schema> = {
  [CARGO_PLUGIN]: cargoOptions,
  [DOCKER_PLUGIN]: dockerOptions,
  [BINARIES_PLUGIN]: binariesOptions,
  [GITHUB_PLUGIN]: githubOptions,
  [CRATES_PLUGIN]: cratesOptions,
  [INSTALLERS_PLUGIN]: installersOptions,
};

/** Resolves a plugin's config; problems come back as `EINVALID<OPTION>` errors. */
export function loadConfig<S extends Schema>(
  plugin: string,
  schema: S,
  pluginConfig: Record<string, unknown>,
): { config: ConfigOf<S>; errors: SemanticReleaseError[] } {
  const { config, problems } = resolveOptions(schema, pluginConfig);
  return { config, errors: problems.map((p) => optionError(plugin, p)) };
}
