import { Invalid, invalid, opt, parseObject, parseStrings, under, unknownKey } from "../define.js";
import { sharedOptions } from "./shared.js";

/** Per-crate overrides of the crates plugin (`crates: { "<name>": { ... } }`). */
interface CrateOverrides {
  features?: string[];
  noVerify?: boolean;
  allowDirty?: boolean;
}

/** The package fields `requiredMetadata` can name (`license` is also met by `license-file`). */
const METADATA_FIELDS = [
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

const OVERRIDES_EXPECTED = '`{ "features": [...], "noVerify": true|false, "allowDirty": true|false }`';

function parseCrate(raw: unknown): CrateOverrides | Invalid {
  const o = parseObject(raw, OVERRIDES_EXPECTED);
  if (o instanceof Invalid) return o;
  const unknown = unknownKey(o, ["features", "noVerify", "allowDirty"]);
  if (unknown) return unknown;
  const features = o.features === undefined ? undefined : under("features", parseStrings(o.features));
  if (features instanceof Invalid) return features;
  for (const key of ["noVerify", "allowDirty"] as const) {
    if (o[key] !== undefined && typeof o[key] !== "boolean")
      return under(key, invalid("true or false", o[key]));
  }
  return o as CrateOverrides;
}

function parseOverrides(value: unknown): Record<string, CrateOverrides> | Invalid {
  const crates = parseObject(value, "an object mapping crate names to overrides");
  if (crates instanceof Invalid) return crates;
  const out: Record<string, CrateOverrides> = {};
  for (const [name, raw] of Object.entries(crates)) {
    const parsed = under(name, parseCrate(raw));
    if (parsed instanceof Invalid) return parsed;
    out[name] = parsed;
  }
  return out;
}

const FIELD_EXPECTED = `one of ${METADATA_FIELDS.map((f) => `\`${f}\``).join(", ")}`;

function parseFields(value: unknown): MetadataField[] | Invalid | undefined {
  if (!Array.isArray(value)) return undefined;
  const bad = value.findIndex((v) => !(METADATA_FIELDS as readonly unknown[]).includes(v));
  return bad < 0 ? (value as MetadataField[]) : under(bad, invalid(FIELD_EXPECTED, value[bad]));
}

/** Options of `semantic-release-rust/crates`. */
export const cratesOptions = {
  ...sharedOptions,
  packages: opt.stringArray(
    "EINVALIDPACKAGES",
    "Names of the packages to release (as for `semantic-release-rust`). Only these are published; default: every member whose version is `version.workspace = true`, else the root package.",
  ),
  registry: opt.string(
    "EINVALIDREGISTRY",
    "Where to publish: the name of a registry from `.cargo/config.toml` (`[registries.NAME] index = ...`, token in `CARGO_REGISTRIES_<NAME>_TOKEN`) or a sparse index URL (`sparse+https://...`, token in `CARGO_REGISTRY_TOKEN` unless a configured registry has that index). Default: crates.io (token in `CARGO_REGISTRY_TOKEN`).",
  ),
  features: opt.stringArray(
    "EINVALIDFEATURES",
    "Features enabled for every crate when packaging and publishing (`--features`).",
  ),
  noVerify: opt.boolean(
    "EINVALIDNOVERIFY",
    "Skip cargo's build of the packaged crates (`--no-verify`).",
    false,
  ),
  allowDirty: opt.boolean(
    "EINVALIDALLOWDIRTY",
    "Package and publish with any uncommitted changes (`--allow-dirty`). Not needed for the release's own bump: when the only uncommitted files are the bumped manifests, `Cargo.lock` and changelogs, the plugin passes `--allow-dirty` itself.",
    false,
  ),
  crates: opt.custom<Record<string, CrateOverrides>>(
    'an object mapping crate names to `{ "features": [...], "noVerify": true|false, "allowDirty": true|false }`',
    parseOverrides,
  )(
    "EINVALIDCRATES",
    "Per-crate `features`, `noVerify` and `allowDirty`, by crate name; they replace the top-level values for that crate.",
  ),
  indexTimeout: opt.positiveInt(
    "EINVALIDINDEXTIMEOUT",
    "Seconds to wait, after each publish, until the registry's index shows the new version before its dependents are published.",
    300,
  ),
  requiredMetadata: opt.custom<MetadataField[]>(
    `an array of package fields among ${METADATA_FIELDS.map((f) => `\`${f}\``).join(", ")}`,
    parseFields,
  )(
    "EINVALIDREQUIREDMETADATA",
    "Package fields every crate to publish must set, checked in prepare before `cargo package` (which only warns): crates.io refuses a crate without `description` and `license` (or `license-file`). `[]` for a registry that needs none.",
    ["description", "license"],
  ),
  maxCrateSize: opt.positiveInt(
    "EINVALIDMAXCRATESIZE",
    "Largest `.crate` file, in MiB, checked in prepare after `cargo package` (which does not check sizes): crates.io refuses uploads over 10 MiB.",
    10,
  ),
  rateLimitRetries: opt.positiveInt(
    "EINVALIDRATELIMITRETRIES",
    "How many times a publish answered with HTTP 429 (rate limit) is retried after the wait the registry asks for.",
    5,
  ),
};
