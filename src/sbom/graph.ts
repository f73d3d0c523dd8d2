import type { ResolvedMetadata, ResolvedPackage } from "../cargo/workspace.js";

/** The packages a binary links: its package and everything reached through normal dependencies. */
export interface DependencyGraph {
  /** The release packages owning the binaries, in the order given. */
  roots: ResolvedPackage[];
  /** Every package reached from the roots (roots included), by package id. */
  packages: Map<string, ResolvedPackage>;
  /** Each reached package's normal dependencies, as package ids. */
  edges: Map<string, string[]>;
}

/**
 * Walks cargo's resolved graph from the packages owning the released binaries through normal dependencies only:
 * dev-dependencies never reach the binary, and build-dependencies (build scripts, run at compile time) are not
 * linked into it either. Proc-macro crates are normal dependencies and stay in. Target-specific dependencies of
 * other platforms and optional ones whose feature is off are already absent from the resolve that `cargo metadata
 * --filter-platform --features` returns.
 */
export function walkNormalDependencies(
  meta: ResolvedMetadata,
  rootNames: readonly string[],
): DependencyGraph {
  const byId = new Map(meta.packages.map((p) => [p.id, p]));
  const nodes = new Map(meta.resolve.nodes.map((n) => [n.id, n]));
  const members = new Set(meta.workspace_members);
  const roots = rootNames.flatMap(
    (name) => meta.packages.find((p) => p.name === name && members.has(p.id)) ?? [],
  );
  const packages = new Map<string, ResolvedPackage>();
  const edges = new Map<string, string[]>();
  const queue = roots.map((r) => r.id);
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    const pkg = byId.get(id);
    if (!pkg || packages.has(id)) continue;
    packages.set(id, pkg);
    const deps = (nodes.get(id)?.deps ?? [])
      .filter((d) => d.dep_kinds.some((k) => k.kind === null))
      .map((d) => d.pkg);
    edges.set(id, deps);
    queue.push(...deps);
  }
  return { roots, packages, edges };
}
