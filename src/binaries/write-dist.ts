import { join } from "node:path";
import { writeManifest, type Artifact, type DistManifest } from "../manifest/dist-manifest.js";
import type { Logger } from "../types.js";
import { writeSha256Sums } from "./checksums.js";
import { signArtifacts, type SignInput } from "../sign/sign-artifacts.js";
import { writeProvenance } from "../provenance/write-provenance.js";
import { writeSboms, type SbomSettings } from "../sbom/write-sboms.js";
import { buildStamp } from "./build-env.js";

/** The manifest's optional fields a writer may add (release name, notes choice, size limits). */
type ManifestExtras = Partial<Pick<DistManifest, "name" | "notes" | "sizeLimits">>;

/** How to sign: the `sign` option of the binaries plugin, the environment its keys come from (or the keys). */
export type DistSigning = Pick<SignInput, "sign" | "env" | "uploaded" | "keys">;

/** The release the provenance names (written only when `enabled`): its tag and the repository's URL. */
export interface DistProvenance {
  enabled: boolean;
  gitTag: string;
  repositoryUrl?: string;
}

/**
 * The last step of every way to fill dist/ (prepare, `finish`): `SHA256SUMS` of the archives, the provenance
 * statement, the SBOM of every archive (with `sbom`; made here from the release commit's `Cargo.lock`, so the split
 * flow's `finish` makes them too), the signatures of `SHA256SUMS`, every archive and the provenance, then
 * `manifest.json` (returned).
 */
export async function writeDist(
  distDir: string,
  o: {
    version: string;
    gitHead: string;
    /** The release commit's time (seconds), when the caller knows it: else looked up for the SBOMs. */
    epoch?: number | undefined;
    artifacts: readonly Artifact[];
    logger: Logger;
    signing: DistSigning;
    provenance?: DistProvenance;
    /** How to make the SBOMs; none without it (`sbom: false`). */
    sbom?: SbomSettings | undefined;
    extras?: ManifestExtras;
  },
): Promise<DistManifest> {
  const artifacts = [...o.artifacts];
  const archives = artifacts.filter((a) => a.kind === "archive");
  const sums = await writeSha256Sums(
    distDir,
    archives.map((a) => ({ path: join(distDir, a.path), sha256: a.sha256 })),
  );
  artifacts.push({ path: "SHA256SUMS", kind: "checksums", size: sums.size, sha256: sums.sha256 });
  const p = o.provenance;
  if (p?.enabled) {
    const input = { version: o.version, gitTag: p.gitTag, gitHead: o.gitHead, env: o.signing.env };
    const repo = p.repositoryUrl ? { repositoryUrl: p.repositoryUrl } : {};
    artifacts.push(await writeProvenance(distDir, artifacts, { ...input, ...repo }, o.logger));
  }
  // SBOMs are not signed: the two run side by side (cargo metadata and gpg/minisign wait on other processes).
  const [sboms, signatures] = await Promise.all([
    o.sbom
      ? distSboms(distDir, archives, { ...o.sbom, gitHead: o.gitHead, epoch: o.epoch, logger: o.logger })
      : [],
    signArtifacts({ ...o.signing, distDir, artifacts: [...artifacts], logger: o.logger }),
  ]);
  artifacts.push(...sboms, ...signatures);
  const manifest = {
    schemaVersion: 1 as const,
    version: o.version,
    gitHead: o.gitHead,
    ...(o.epoch !== undefined ? { sourceDateEpoch: o.epoch } : {}),
    artifacts,
    ...o.extras,
  };
  await writeManifest(distDir, manifest);
  o.logger.log("Wrote %s artifacts and %s", artifacts.length, join(distDir, "manifest.json"));
  return manifest;
}

/** The SBOM of every archive, dated by the release commit. */
async function distSboms(
  distDir: string,
  archives: readonly Artifact[],
  o: SbomSettings & { gitHead: string; epoch: number | undefined; logger: Logger },
): Promise<Artifact[]> {
  if (o.epoch !== undefined) return writeSboms(distDir, archives, { ...o, epoch: o.epoch });
  // The commit's time is looked up while cargo resolves the graphs, not before.
  const epoch = buildStamp({ ...o, rev: o.gitHead }).then((stamp) => Number(stamp.SOURCE_DATE_EPOCH));
  epoch.catch(() => undefined); // awaited by writeSboms once the graphs are there
  return writeSboms(distDir, archives, { ...o, epoch });
}
