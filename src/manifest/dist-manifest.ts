import { readIfExists } from "../util/fs.js";
import { join } from "node:path";
import { atomicWrite, removeStrayTemps } from "../util/atomic-write.js";
import { getError } from "../errors/get-error.js";
import type { SizeLimits } from "../sizes/limits.js";

/** Bumped when the shape below changes in a way older readers cannot follow. */
export const MANIFEST_SCHEMA_VERSION = 1;
const MANIFEST_FILE = "manifest.json";

export type ArtifactKind =
  /** A packaged archive for one target (`.tar.gz`, `.tar.xz`, `.tar.zst`, `.zip`). */
  | "archive"
  /** `{archive}.sha256` beside an archive, in `sha256sum -c` format. */
  | "checksum"
  /** The one `SHA256SUMS` file for all archives. */
  | "checksums"
  /** A built executable, staged under `{distDir}/bin/{target}/` for the image builder. */
  | "binary"
  /** An install script uploaded with the release (`install.sh`, `install.ps1`). */
  | "installer"
  /** A package-manager file published elsewhere, not uploaded (`homebrew/rgreet.rb`, pushed to the tap). */
  | "formula"
  /** A signature of an archive or of `SHA256SUMS` (`.asc`, `.minisig`, `.sigstore.json`), beside the file. */
  | "signature"
  /** A Linux package for one target (`rgreet_1.2.3_amd64.deb`, `rgreet-1.2.3-1.x86_64.rpm`), uploaded. */
  | "package"
  /** `provenance.intoto.json`: the in-toto statement (SLSA v1 provenance) whose subjects are the archives. */
  | "provenance"

  /** A CycloneDX SBOM `{archive}.cdx.json` of one archive's target (what its binaries link), beside the archive. */
  | "sbom";

export interface Artifact {
  /** Path relative to the dist folder, with `/` separators. */
  path: string;
  kind: ArtifactKind;
  /** Rust target triple, for archives, their checksums and binaries. */
  target?: string;
  size: number;
  /** Lower-case hex SHA-256 of the file's bytes. */
  sha256: string;
  /** For binaries: the executable's name without extension. */
  binary?: string;
  /** For signatures: the path of the signed artifact. */
  signs?: string;
  /** For signatures: how it was made. */
  method?: "gpg" | "minisign" | "sigstore";
  /** For archives: the top folder every entry sits in. */
  topDir?: string;
  /** For archives: the paths inside the top folder (files and links, sorted), for the release notes' tree. */
  layout?: string[];
  /** For binaries: what the system needs to run it (`glibc >= 2.17`, `static`, `macOS >= 11.0`, `Windows x64`). */
  requires?: string;
  /** For packages: `deb` or `rpm`. */
  format?: "deb" | "rpm";
  /** For SBOMs: the path of the archive whose binaries it describes. */
  describes?: string;
}

/** An image the docker plugin built in prepare, recorded for the size gate, the notes and the job summary. */
export interface ImageRecord {
  /** The image name without tag (`ghcr.io/acme/rgreet`). */
  name: string;
  tags: string[];
  /** The digest of the index (or of the only manifest): `sha256:...`. */
  digest: string;
  /** Per platform (`linux/amd64`): the sum of its compressed layers. */
  platforms: { platform: string; size: number }[];
}

/** A crate the crates plugin will publish, with its page. */
export interface CrateRecord {
  name: string;
  version: string;
  url: string;
}

/**
 * `dist/manifest.json`: the contract between the plugins. semantic-release deep-copies the context for every
 * plugin call, so the plugins hand artifacts to each other only through this file.
 */
export interface DistManifest {
  schemaVersion: typeof MANIFEST_SCHEMA_VERSION;
  /** The release version the artifacts carry. */
  version: string;
  /** The commit the artifacts were built from. */
  gitHead?: string;
  /**
   * That commit's time in seconds (`SOURCE_DATE_EPOCH`, every archive entry's mtime), when the binaries plugin built
   * them: the installers plugin dates the .deb/.rpm entries with it instead of asking git again.
   */
  sourceDateEpoch?: number;
  artifacts: Artifact[];
  /** The release name used in archive names (added in a later version of schema 1: readers must not need it). */
  name?: string;
  /** How the binaries plugin's release-notes sections are rendered, and whether the GitHub release body gets them. */
  notes?: { inRelease: boolean; sections?: string[]; templateText?: string };
  /** The binaries plugin's `maxSize`/`maxSizeIncrease`, so that docker's prepare checks the image too. */
  sizeLimits?: SizeLimits;
  /** Images built by the docker plugin's prepare. */
  images?: ImageRecord[];
  /** Crates the crates plugin publishes. */
  crates?: CrateRecord[];
}

export const manifestPath = (distDir: string): string => join(distDir, MANIFEST_FILE);

/** Reads `{distDir}/manifest.json`; `undefined` when there is none. Throws `EDISTMANIFEST` on a bad file. */
export async function readManifest(distDir: string): Promise<DistManifest | undefined> {
  const path = manifestPath(distDir);
  const text = await readIfExists(path);
  return text === undefined ? undefined : parseManifest(text, path);
}

export function parseManifest(text: string, path: string): DistManifest {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw getError("EDISTMANIFEST", { path, reason: "not valid JSON" });
  }
  const m = data as Partial<DistManifest>;
  if (typeof m !== "object" || m === null || m.schemaVersion !== MANIFEST_SCHEMA_VERSION) {
    throw getError("EDISTMANIFEST", {
      path,
      reason: `schemaVersion must be ${MANIFEST_SCHEMA_VERSION}, found ${JSON.stringify(m?.schemaVersion)}`,
    });
  }
  if (typeof m.version !== "string" || !Array.isArray(m.artifacts)) {
    throw getError("EDISTMANIFEST", { path, reason: "missing version or artifacts" });
  }
  for (const a of m.artifacts) {
    if (typeof a?.path !== "string" || typeof a.sha256 !== "string" || typeof a.size !== "number") {
      throw getError("EDISTMANIFEST", { path, reason: `bad artifact entry ${JSON.stringify(a)}` });
    }
  }
  return m as DistManifest;
}

/**
 * Writes the manifest atomically, artifacts sorted by path so the file is stable. It is the last file of the
 * binaries' prepare: every temp file of this run is renamed by now, so any left in dist/ (and `bin/{target}/`) is
 * a stray of a killed run, and is removed first.
 */
export async function writeManifest(distDir: string, manifest: DistManifest): Promise<void> {
  await removeStrayTemps(distDir, { depth: 2 });
  const sorted = {
    ...manifest,
    artifacts: [...manifest.artifacts].sort((a, b) => a.path.localeCompare(b.path)),
  };
  await atomicWrite(manifestPath(distDir), `${JSON.stringify(sorted, null, 2)}\n`);
}
