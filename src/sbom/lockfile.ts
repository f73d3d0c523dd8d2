import { parse } from "smol-toml";

/** How a package is told apart in `Cargo.lock` and in `cargo metadata`: name, version and source. */
export const lockKey = (name: string, version: string, source: string | null): string =>
  `${name} ${version} ${source ?? ""}`;

interface LockPackage {
  name?: unknown;
  version?: unknown;
  source?: unknown;
  checksum?: unknown;
}

/**
 * The `checksum` of each registry package in a `Cargo.lock` text (the SHA-256 of its `.crate` file, lower-case
 * hex), by {@link lockKey}. Path and git packages have none. Old v1 lock files keep them in `[metadata]`: not read.
 */
export function lockChecksums(text: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (text === undefined) return out;
  const lock = parse(text) as { package?: LockPackage[] };
  for (const p of lock.package ?? []) {
    const { name, version, source, checksum } = p;
    if (typeof name !== "string" || typeof version !== "string" || typeof checksum !== "string") continue;
    if (!/^[0-9a-f]{64}$/.test(checksum)) continue;
    out.set(lockKey(name, version, typeof source === "string" ? source : null), checksum);
  }
  return out;
}
