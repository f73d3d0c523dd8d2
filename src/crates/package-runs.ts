import type { PlannedCrate } from "./plan.js";

/** One `cargo package` run of prepare: plain data. */
interface PackageRun {
  /** The crates packaged together, in publishing order: those checked by this run and their unpublished deps. */
  crates: PlannedCrate[];
  /** The crates this run checks with their own settings. */
  checks: string[];
  noVerify: boolean;
  allowDirty: boolean;
}

/**
 * Splits the plan into `cargo package` runs so each crate is packaged with its own `noVerify`/`allowDirty`:
 * one run when every crate has the same settings, else one run per settings, each with the crates of the plan
 * it depends on (cargo packages a crate against unpublished siblings only when they are packaged in the same
 * run). A run needs `--allow-dirty` when one of those dependencies allows it, or cargo would refuse them.
 */
export function packageRuns(crates: readonly PlannedCrate[]): PackageRun[] {
  const groups = new Map<string, PlannedCrate[]>();
  for (const c of crates) {
    const key = `${c.noVerify}/${c.allowDirty}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  const byName = new Map(crates.map((c) => [c.name, c]));
  return [...groups.values()].map((group) => {
    const names = new Set(group.map((c) => c.name));
    const stack = [...group];
    for (let c = stack.pop(); c; c = stack.pop()) {
      for (const d of c.dependsOn) {
        const dep = byName.get(d);
        if (dep && !names.has(d)) {
          names.add(d);
          stack.push(dep);
        }
      }
    }
    const run = crates.filter((c) => names.has(c.name));
    const first = group[0] as PlannedCrate;
    return {
      crates: run,
      checks: group.map((c) => c.name),
      noVerify: first.noVerify,
      allowDirty: run.some((c) => c.allowDirty),
    };
  });
}
