import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { loadResolvedMetadata, type ResolvedMetadata } from "../cargo/workspace.js";
import type { Artifact } from "../manifest/dist-manifest.js";
import { sbomFileName } from "./names.js";
import type { Logger } from "../types.js";
import { atomicWrite, sha256 } from "../util/atomic-write.js";
import { opt } from "../util/argv.js";
import { lockChecksums } from "./lockfile.js";
import type * as Document from "./document.js";

/** What `writeDist` needs to make the SBOMs: the workspace, the build's options, the binary packages. */
export interface SbomSettings {
  cwd: string;
  env: NodeJS.ProcessEnv;
  manifestPath: string;
  /** The build's `--locked`. */
  locked: boolean;
  /** The packages owning the released binaries. */
  packages: string[];
  /** The features a target is built with (its own `features`, else the option's). */
  featuresOf: (target: string) => string[];
  /** The resolved graphs started so far (`resolvedGraph`), by target and features. */
  graphs: Map<string, Promise<ResolvedMetadata>>;
}

/**
 * Cargo's resolved graph of `target` with its features (`cargo metadata --filter-platform`), started once per
 * target and feature set: binaries prepare starts them while it plans the build (their rustc answers, cached in
 * the target dir, are the build's too), `writeDist` any it did not.
 */
export function resolvedGraph(o: SbomSettings, target: string): Promise<ResolvedMetadata> {
  const features = o.featuresOf(target);
  const key = JSON.stringify([target, features]);
  let graph = o.graphs.get(key);
  if (!graph) {
    graph = loadResolvedMetadata({ ...o, target, featureArgs: featureArgs(features) });
    graph.catch(() => undefined); // awaited when the SBOM is written; an early failure must not go unhandled
    o.graphs.set(key, graph);
  }
  return graph;
}

type SbomLibrary = typeof Document;
let library: Promise<SbomLibrary> | undefined;

/**
 * The SBOM writer with the CycloneDX library, loaded once. Loading it takes a tenth of a second of this process:
 * binaries prepare starts it first (`sbom` on), while the plan's programs run, and `writeSboms` awaits the same.
 */
export const sbomLibrary = (): Promise<SbomLibrary> => (library ??= import("./document.js"));

/**
 * Writes `{archive}.cdx.json` beside every archive, from cargo's resolved graph of the archive's target and
 * features (one `cargo metadata` per target and feature set, all started at once if not yet), and returns their manifest
 * entries.
 */
export async function writeSboms(
  distDir: string,
  archives: readonly Artifact[],
  o: SbomSettings & { gitHead: string; epoch: number | Promise<number>; logger: Logger },
): Promise<Artifact[]> {
  const jobs = archives.map((archive) => {
    const target = archive.target ?? "";
    return { archive, target, features: o.featuresOf(target), meta: resolvedGraph(o, target) };
  });
  const { sbomJson } = await sbomLibrary();
  const epoch = await o.epoch;
  let lockText: Promise<string | undefined> | undefined;
  const out: Artifact[] = [];
  for (const { archive, target, features, meta: pending } of jobs) {
    const meta = await pending;
    lockText ??= readFile(join(meta.workspace_root, "Cargo.lock"), "utf8").catch(() => undefined);
    const checksums = lockChecksums(await lockText);
    const text = sbomJson({ ...o, epoch, meta, checksums, target, features });
    const path = sbomFileName(archive.path);
    await atomicWrite(join(distDir, path), text);
    const data = Buffer.from(text);
    out.push({
      path,
      kind: "sbom",
      target,
      size: data.length,
      sha256: sha256(data),
      describes: archive.path,
    });
    o.logger.log("Wrote the SBOM of %s: %s", archive.path, path);
  }
  return out;
}

/** The build's feature arguments, as `planBuilds` passes them to cargo. */
const featureArgs = (features: readonly string[]): string[] =>
  features.length > 0 ? [opt("features", features.join(","))] : [];
