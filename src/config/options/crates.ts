import { opt } from "../define.js";
import { sharedOptions } from "./shared.js";

/** Per-crate overrides of the crates plugin (`crates: { "<name>": { ... } }`). */
export interface CrateOverrides {
  features?: string[];
  noVerify?: boolean;
  allowDirty?: boolean;
}

/** The package fields `requiredMetadata` can name (`license` is also met by `license-file`). */
export const METADATA_FIELDS = [
  "description",
  "license",
  "repository",
  "homepage",
  "documentation",
  "readme",
  "keywords",
  "categories",
  "authors",
] as const;
export type MetadataField = (typeof METADATA_FIELDS)[number];

const isStrings = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((x) => typeof x === "string" && x.length > 0);

function parseOverrides(value: unknown): Record<string, CrateOverrides> | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const out: Record<string, CrateOverrides> = {};
  for (const [name, raw] of Object.entries(value as Record<string, unknown>)) {
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return undefined;
    const o = raw as Record<string, unknown>;
    if (Object.keys(o).some((k) => !["features", "noVerify", "allowDirty"].includes(k))) return undefined;
    if (o.features !== undefined && !isStrings(o.features)) return undefined;
    if (o.noVerify !== undefined && typeof o.noVerify !== "boolean") return undefined;
    if (o.allowDirty !== undefined && typeof o.allowDirty !== "boolean") return undefined;
    out[name] = o as CrateOverrides;
  }
  return out;
}

function parseFields(value: unknown): MetadataField[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.every((v) => (METADATA_FIELDS as readonly unknown[]).includes(v))
    ? (value as MetadataField[])
    : undefined;
}

/** Options of `semantic-release-rust/crates`. */
export const cratesOptions = {
  ...sharedOptions,
  packages: opt.stringArray(
    "Names of the packages to release (as for `semantic-release-rust`). Only these are published; default: every member whose version is `version.workspace = true`, else the root package.",
  ),
  registry: opt.string(
    "Where to publish: the name of a registry from `.cargo/config.toml` (`[registries.NAME] index = ...`, token in `CARGO_REGISTRIES_<NAME>_TOKEN`) or a sparse index URL (`sparse+https://...`, token in `CARGO_REGISTRY_TOKEN` unless a configured registry has that index). Default: crates.io (token in `CARGO_REGISTRY_TOKEN`).",
  ),
  features: opt.stringArray("Features enabled for every crate when packaging and publishing (`--features`)."),
  noVerify: opt.boolean("Skip cargo's build of the packaged crates (`--no-verify`).", false),
  allowDirty: opt.boolean(
    "Package and publish with any uncommitted changes (`--allow-dirty`). Not needed for the release's own bump: when the only uncommitted files are the bumped manifests, `Cargo.lock` and changelogs, the plugin passes `--allow-dirty` itself.",
    false,
  ),
  crates: opt.custom<Record<string, CrateOverrides>>(
    'an object mapping crate names to `{ "features": [...], "noVerify": true|false, "allowDirty": true|false }`',
    parseOverrides,
  )(
    "Per-crate `features`, `noVerify` and `allowDirty`, by crate name; they replace the top-level values for that crate.",
  ),
  indexTimeout: opt.positiveInt(
    "Seconds to wait, after each publish, until the registry's index shows the new version before its dependents are published.",
    300,
  ),
  requiredMetadata: opt.custom<MetadataField[]>(
    `an array of package fields among ${METADATA_FIELDS.map((f) => `\`${f}\``).join(", ")}`,
    parseFields,
  )(
    "Package fields every crate to publish must set, checked in prepare before `cargo package` (which only warns): crates.io refuses a crate without `description` and `license` (or `license-file`). `[]` for a registry that needs none.",
    ["description", "license"],
  ),
  maxCrateSize: opt.positiveInt(
    "Largest `.crate` file, in MiB, checked in prepare after `cargo package` (which does not check sizes): crates.io refuses uploads over 10 MiB.",
    10,
  ),
  rateLimitRetries: opt.positiveInt(
    "How many times a publish answered with HTTP 429 (rate limit) is retried after the wait the registry asks for.",
    5,
  ),
};
