import { opt } from "../define.js";
import { sharedOptions } from "./shared.js";

/** Per-crate overrides of the crates plugin (`crates: { "<name>": { ... } }`). */
export interface CrateOverrides {
  features?: string[];
  noVerify?: boolean;
  allowDirty?: boolean;
}

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
    "Package and publish with uncommitted changes (`--allow-dirty`), such as a version bump that is not committed before publishing.",
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
  rateLimitRetries: opt.positiveInt(
    "How many times a publish answered with HTTP 429 (rate limit) is retried after the wait the registry asks for.",
    5,
  ),
};
