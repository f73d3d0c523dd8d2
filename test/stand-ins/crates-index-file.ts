import type { NewCrate } from "./crates-publish-body.js";

/** The sparse-index path of a crate: `1/a`, `2/ab`, `3/a/abc`, `ab/cd/abcd...` (lower-cased). */
export function indexPath(name: string): string {
  const n = name.toLowerCase();
  if (n.length === 1) return `1/${n}`;
  if (n.length === 2) return `2/${n}`;
  if (n.length === 3) return `3/${n[0]}/${n}`;
  return `${n.slice(0, 2)}/${n.slice(2, 4)}/${n}`;
}

/** One line of a crate's index file, built from the publish metadata as a registry does. */
export function indexLine(meta: NewCrate, cksum: string): Record<string, unknown> {
  const features: Record<string, string[]> = {};
  const features2: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(meta.features ?? {})) {
    const modern = v.some((f) => f.startsWith("dep:") || f.includes("?/"));
    (modern ? features2 : features)[k] = v;
  }
  return {
    name: meta.name,
    vers: meta.vers,
    deps: meta.deps.map((d) => ({
      // The index names a dependency by its key in Cargo.toml and gives the real crate in `package`.
      name: d.explicit_name_in_toml ?? d.name,
      req: d.version_req,
      features: d.features,
      optional: d.optional,
      default_features: d.default_features,
      target: d.target,
      kind: d.kind,
      ...(d.registry ? { registry: d.registry } : {}),
      ...(d.explicit_name_in_toml ? { package: d.name } : {}),
    })),
    cksum,
    features,
    ...(Object.keys(features2).length > 0 ? { features2 } : {}),
    yanked: false,
    ...(meta.links ? { links: meta.links } : {}),
    ...(meta.rust_version ? { rust_version: meta.rust_version } : {}),
    v: 2,
  };
}
