import { createHash } from "node:crypto";
// The library's parts, not its index: the index loads its validators too (ajv), which a release never uses.
import * as Enums from "@cyclonedx/cyclonedx-library/Enums";
import * as Models from "@cyclonedx/cyclonedx-library/Models";
import * as Serialize from "@cyclonedx/cyclonedx-library/Serialize";
import * as Spec from "@cyclonedx/cyclonedx-library/Spec";
import type { ResolvedMetadata } from "../cargo/workspace.js";
import { cargoComponent } from "./component.js";
import { walkNormalDependencies } from "./graph.js";

/** CycloneDX 1.6: the newest version most SBOM tools read (the library writes 1.7 too). */
const SPEC = Spec.Spec1dot6;

/** What one target's SBOM describes. */
export interface SbomSubject {
  /** The resolved graph for the target and its features. */
  meta: ResolvedMetadata;
  /** The packages owning the released binaries. */
  packages: readonly string[];
  /** `Cargo.lock` checksums by `lockKey`. */
  checksums: ReadonlyMap<string, string>;
  target: string;
  features: readonly string[];
  /** The release commit and its time in seconds since the epoch. */
  gitHead: string;
  epoch: number;
}

/** An RFC 4122 version-5-style UUID (SHA-1 based) of `name`: the same inputs give the same serial number. */
export function stableUuid(name: string): string {
  const h = createHash("sha1").update("semantic-release-rust/sbom\0").update(name).digest();
  h[6] = ((h[6] as number) & 0x0f) | 0x50;
  h[8] = ((h[8] as number) & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The CycloneDX JSON of one target: the first binary package as `metadata.component` (other packages owning
 * binaries are `application` components), every package its binaries link as a component, their relations in
 * `dependencies`. Same commit, target and features give the same bytes: the time is the commit's, the serial
 * number derived from them, every list sorted.
 */
export function sbomJson(s: SbomSubject): string {
  const graph = walkNormalDependencies(s.meta, s.packages);
  const bom = new Models.Bom({ serialNumber: `urn:uuid:${stableUuid(serialName(s))}` });
  bom.metadata.timestamp = new Date(s.epoch * 1000);
  const components = new Map<string, Models.Component>();
  for (const [id, pkg] of graph.packages) {
    const isRoot = graph.roots.some((r) => r.id === id);
    const type = isRoot ? Enums.ComponentType.Application : Enums.ComponentType.Library;
    components.set(id, cargoComponent(pkg, type, s.checksums));
  }
  for (const [id, deps] of graph.edges) {
    const component = components.get(id) as Models.Component;
    for (const dep of deps) component.dependencies.add((components.get(dep) as Models.Component).bomRef);
  }
  const main = graph.roots[0] ? components.get(graph.roots[0].id) : undefined;
  bom.metadata.component = main;
  for (const component of components.values()) if (component !== main) bom.components.add(component);
  bom.metadata.properties.add(new Models.Property("semantic-release-rust:target", s.target));
  if (s.features.length > 0)
    bom.metadata.properties.add(new Models.Property("semantic-release-rust:features", s.features.join(",")));
  bom.metadata.properties.add(new Models.Property("semantic-release-rust:commit", s.gitHead));
  const serializer = new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(SPEC));
  return `${serializer.serialize(bom, { sortLists: true, space: 2 })}\n`;
}

const serialName = (s: SbomSubject): string =>
  JSON.stringify([s.gitHead, s.target, [...s.features].sort(), [...s.packages]]);
