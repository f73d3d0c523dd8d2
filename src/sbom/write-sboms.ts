import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { loadResolvedMetadata, type ResolvedMetadata } from "../cargo/workspace.js";
import type { Artifact } from "../manifest/dist-manifest.js";
import { sbomFileName } from "./names.js";
import type { Logger } from "../types.js";
import { atomicWrite, sha256 } from "../util/atomic-write.js";
import { opt } from "../util/argv.js";
import { sbomJson } from "./document.js";
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
 * features (one `cargo metadata` per target and feature set), and returns their manifest entries.
 */
export async function writeSboms(
  distDir: string,
  archives: readonly Artifact[],
  o: SbomSettings & { gitHead: string; epoch: number; logger: Logger },
): Promise<Artifact[]> {
  const graphs = new Map<string, Promise<ResolvedMetadata>>();
  const lockTexts = new Map<string, Promise<string | undefined>>();
  const out: Artifact[] = [];
  for (const archive of archives) {
    const target = archive.target ?? "";
    const features = o.featuresOf(target);
    const key = JSON.stringify([target, features]);
    if (!graphs.has(key))
      graphs.set(key, loadResolvedMetadata({ ...o, target, featureArgs: featureArgs(features) }));
    const meta = await (graphs.get(key) as Promise<ResolvedMetadata>);
    const lock = join(meta.workspace_root, "Cargo.lock");
    if (!lockTexts.has(lock))
      lockTexts.set(
        lock,
        readFile(lock, "utf8").catch(() => undefined),
      );
    const checksums = lockChecksums(await lockTexts.get(lock));
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
