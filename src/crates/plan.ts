import type { Member } from "../cargo/workspace.js";
import { getError } from "../errors/get-error.js";

/** How one crate is packaged and published. */
export interface CrateSettings {
  features: string[];
  noVerify: boolean;
  allowDirty: boolean;
}

export interface PlannedCrate extends CrateSettings {
  name: string;
  version: string;
  manifestPath: string;
  /** The crates of this plan it depends on (normal and build dependencies), published before it. */
  dependsOn: string[];
}

export interface SkippedCrate {
  name: string;
  version: string;
  reason: "publish = false" | "not a release package";
}

/** What the crates plugin publishes, in order: plain data, computed before anything runs. */
export interface CratePublishPlan {
  crates: PlannedCrate[];
  skipped: SkippedCrate[];
}

/**
 * Orders the release packages for publishing: each crate after the crates of the plan it depends on (normal
 * and build dependencies; dev-dependencies do not order), ties in workspace order. Members that are not release
 * packages or have `publish = false` are skipped. A cycle throws `EDEPENDENCYCYCLE`.
 */
export function planCratePublish(
  members: readonly Member[],
  releaseNames: readonly string[],
  settings: (name: string) => CrateSettings,
): CratePublishPlan {
  const skipped: SkippedCrate[] = [];
  const chosen: Member[] = [];
  for (const m of members) {
    if (!releaseNames.includes(m.name))
      skipped.push({ name: m.name, version: m.version, reason: "not a release package" });
    else if (!m.publish) skipped.push({ name: m.name, version: m.version, reason: "publish = false" });
    else chosen.push(m);
  }
  const names = new Set(chosen.map((m) => m.name));
  const deps = new Map(
    chosen.map((m) => [
      m.name,
      [
        ...new Set(
          m.dependencies
            .filter((d) => d.kind !== "dev" && names.has(d.name) && d.name !== m.name)
            .map((d) => d.name),
        ),
      ],
    ]),
  );
  const ordered: PlannedCrate[] = [];
  const done = new Set<string>();
  while (ordered.length < chosen.length) {
    const next = chosen.find((m) => !done.has(m.name) && (deps.get(m.name) ?? []).every((d) => done.has(d)));
    if (!next)
      throw getError("EDEPENDENCYCYCLE", {
        cycle: findCycle(
          chosen.filter((m) => !done.has(m.name)).map((m) => m.name),
          deps,
        ),
      });
    done.add(next.name);
    ordered.push({
      name: next.name,
      version: next.version,
      manifestPath: next.manifestPath,
      dependsOn: deps.get(next.name) ?? [],
      ...settings(next.name),
    });
  }
  return { crates: ordered, skipped };
}

/** One cycle among crates that cannot be ordered, as `a → b → a`. */
function findCycle(left: string[], deps: Map<string, string[]>): string[] {
  const remaining = new Set(left);
  const path: string[] = [];
  let at = left[0] as string;
  while (!path.includes(at)) {
    path.push(at);
    at = (deps.get(at) ?? []).find((d) => remaining.has(d)) as string;
  }
  return [...path.slice(path.indexOf(at)), at];
}

/** One crate the release would publish, with the version it will have after the bump. */
export interface CratePlanData {
  name: string;
  version: string;
  /** Crates of the release it waits for. */
  dependsOn: string[];
  /** The `cargo publish` argv (without the cargo program), no secret in it. */
  args: string[];
  /** Whether the index already lists this version (then it is skipped); absent when the index was not read. */
  inIndex?: boolean;
}

/** What the crates plugin would publish for a version, in publishing order, as JSON data. */
export interface CratesPlanData {
  /** `crates.io` or `registry \`NAME\``. */
  registry: string;
  crates: CratePlanData[];
  skipped: SkippedCrate[];
  /** Why the index could not be read, when it could not. */
  indexError?: string;
}
