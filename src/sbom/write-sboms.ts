import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { loadResolvedMetadata, type ResolvedMetadata } from "../cargo/workspace.js";
import type { Artifact } from "../manifest/dist-manifest.js";
import { sbomFileName } from "./names.js";
import type { Logger } from "../types.js";
import { atomicWrite, sha256 } from "../util/atomic-write.js";
import { opt } from "../util/argv.js";
import { lockChecksums } from "./lockfile.js";

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
}

/**
 * Writes `{archive}.cdx.json` beside every archive, from cargo's resolved graph of the archive's target and
 * features (one `cargo metadata` per target and feature set, all started at once), and returns their manifest
 * entries.
 */
export async function writeSboms(
  distDir: string,
  archives: readonly Artifact[],
  o: SbomSettings & { gitHead: string; epoch: number; logger: Logger },
): Promise<Artifact[]> {
  // The CycloneDX library takes a second to load: only a release that writes SBOMs pays it, while cargo resolves.
  const library = import("./document.js");
  const graphs = new Map<string, Promise<ResolvedMetadata>>();
  const jobs = archives.map((archive) => {
    const target = archive.target ?? "";
    const features = o.featuresOf(target);
    const key = JSON.stringify([target, features]);
    if (!graphs.has(key)) {
      const graph = loadResolvedMetadata({ ...o, target, featureArgs: featureArgs(features) });
      graph.catch(() => undefined); // awaited below, in order; an early failure must not go unhandled
      graphs.set(key, graph);
    }
    return { archive, target, features, meta: graphs.get(key) as Promise<ResolvedMetadata> };
  });
  const { sbomJson } = await library;
  let lockText: Promise<string | undefined> | undefined;
  const out: Artifact[] = [];
  for (const { archive, target, features, meta: pending } of jobs) {
    const meta = await pending;
    lockText ??= readFile(join(meta.workspace_root, "Cargo.lock"), "utf8").catch(() => undefined);
    const checksums = lockChecksums(await lockText);
    const text = sbomJson({ ...o, meta, checksums, target, features });
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
