import { stat } from "node:fs/promises";
import { join } from "node:path";
import { opt } from "../util/argv.js";
import { exec } from "../util/exec.js";
import type { MetadataField } from "../config/options/crates.js";
import type { PlannedCrate } from "./plan.js";

/** What `cargo metadata` says of a package, by its JSON keys. */
type PackageFacts = Record<string, unknown>;

/** The packages of the workspace as `cargo metadata --no-deps --offline` reports them (inheritance resolved). */
export async function readPackageFacts(
  cargo: string,
  manifestPath: string,
  o: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<Map<string, PackageFacts>> {
  const { stdout } = await exec(
    cargo,
    ["metadata", "--no-deps", "--offline", "--format-version", "1", opt("manifest-path", manifestPath)],
    { cwd: o.cwd, env: o.env },
  );
  const meta = JSON.parse(stdout) as { packages: PackageFacts[] };
  return new Map(meta.packages.map((p) => [String(p.name), p]));
}

const present = (v: unknown): boolean =>
  Array.isArray(v) ? v.length > 0 : typeof v === "string" && v.trim().length > 0;

/** The required fields each crate lacks (crates that lack none are left out). */
export function missingMetadata(
  crates: readonly PlannedCrate[],
  facts: Map<string, PackageFacts>,
  required: readonly MetadataField[],
): { crate: string; missing: MetadataField[] }[] {
  return crates
    .map((c) => {
      const p = facts.get(c.name) ?? {};
      const missing = required.filter((f) =>
        f === "license" ? !present(p.license) && !present(p.license_file) : !present(p[f]),
      );
      return { crate: c.name, missing };
    })
    .filter((m) => m.missing.length > 0);
}

/** The `.crate` files `cargo package` wrote that are larger than `maxBytes`. */
export async function oversizedCrates(
  crates: readonly PlannedCrate[],
  targetDir: string,
  maxBytes: number,
): Promise<{ crate: string; file: string; bytes: number }[]> {
  const out: { crate: string; file: string; bytes: number }[] = [];
  for (const c of crates) {
    const file = join(targetDir, "package", `${c.name}-${c.version}.crate`);
    const bytes = (await stat(file)).size;
    if (bytes > maxBytes) out.push({ crate: `${c.name}@${c.version}`, file, bytes });
  }
  return out;
}
