import { opt } from "../util/argv.js";
import type { PlannedCrate } from "./plan.js";
import type { TargetRegistry } from "./registry.js";

/** `--registry=NAME` for a named registry, nothing for crates.io or an index URL. */
export const registryArgs = (registry: TargetRegistry): string[] =>
  registry.cargoName ? [opt("registry", registry.cargoName)] : [];

const featureArgs = (crates: readonly PlannedCrate[]): string[] => {
  const features = crates.flatMap((c) => c.features.map((f) => `${c.name}/${f}`));
  return features.length > 0 ? [opt("features", features.join(","))] : [];
};

/**
 * `cargo package` for several crates of the plan in one run, so that crates depending on unpublished siblings
 * package against them (cargo's local overlay). `flags` says whether the run skips the build and accepts
 * uncommitted changes; by default it does when any of its crates asks (see `packageRuns` for per-crate runs).
 */
export function packageArgs(
  crates: readonly PlannedCrate[],
  registry: TargetRegistry,
  manifestPath: string,
  flags: { noVerify: boolean; allowDirty: boolean } = {
    noVerify: crates.some((c) => c.noVerify),
    allowDirty: crates.some((c) => c.allowDirty),
  },
): string[] {
  return [
    "package",
    opt("manifest-path", manifestPath),
    ...crates.map((c) => opt("package", c.name)),
    ...registryArgs(registry),
    ...featureArgs(crates),
    ...(flags.noVerify ? ["--no-verify"] : []),
    ...(flags.allowDirty ? ["--allow-dirty"] : []),
  ];
}

/** `cargo publish` for one crate. The token is never an argument: cargo reads it from the environment. */
export function publishArgs(crate: PlannedCrate, registry: TargetRegistry, manifestPath: string): string[] {
  return [
    "publish",
    opt("manifest-path", manifestPath),
    opt("package", crate.name),
    ...registryArgs(registry),
    ...featureArgs([crate]),
    ...(crate.noVerify ? ["--no-verify"] : []),
    ...(crate.allowDirty ? ["--allow-dirty"] : []),
  ];
}
