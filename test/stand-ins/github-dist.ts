import { createHash, randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { writeManifest, type Artifact, type ArtifactKind } from "../../src/manifest/dist-manifest.js";

export interface DistFile {
  path: string;
  kind: ArtifactKind;
  target?: string;
  size?: number;
}

/** The files of a small two-target release: archives, their `.sha256`, `SHA256SUMS` and a staged binary. */
export const sampleDist = (version = "0.2.0"): DistFile[] => [
  {
    path: `rgreet-${version}-x86_64-unknown-linux-gnu.tar.gz`,
    kind: "archive",
    target: "x86_64-unknown-linux-gnu",
  },
  {
    path: `rgreet-${version}-aarch64-unknown-linux-gnu.tar.gz`,
    kind: "archive",
    target: "aarch64-unknown-linux-gnu",
  },
  { path: `rgreet-${version}-x86_64-pc-windows-gnu.zip`, kind: "archive", target: "x86_64-pc-windows-gnu" },
  {
    path: `rgreet-${version}-x86_64-unknown-linux-gnu.tar.gz.sha256`,
    kind: "checksum",
    target: "x86_64-unknown-linux-gnu",
  },
  {
    path: `rgreet-${version}-aarch64-unknown-linux-gnu.tar.gz.sha256`,
    kind: "checksum",
    target: "aarch64-unknown-linux-gnu",
  },
  {
    path: `rgreet-${version}-x86_64-pc-windows-gnu.zip.sha256`,
    kind: "checksum",
    target: "x86_64-pc-windows-gnu",
  },
  { path: "SHA256SUMS", kind: "checksums" },
  { path: "bin/x86_64-unknown-linux-gnu/rgreet", kind: "binary", target: "x86_64-unknown-linux-gnu" },
];

/** Writes real files of random bytes into `distDir` and a `manifest.json` describing them. */
export async function writeDist(distDir: string, files: DistFile[], version = "0.2.0"): Promise<Artifact[]> {
  const artifacts: Artifact[] = [];
  for (const f of files) {
    const bytes = randomBytes(f.size ?? 1000 + Math.floor(Math.random() * 50_000));
    const path = join(distDir, f.path);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, bytes);
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    artifacts.push({
      path: f.path,
      kind: f.kind,
      size: bytes.length,
      sha256,
      ...(f.target ? { target: f.target } : {}),
    });
  }
  await writeManifest(distDir, { schemaVersion: 1, version, artifacts });
  const manifest = await readFile(join(distDir, "manifest.json"));
  manifests.set(artifacts, {
    path: "manifest.json",
    kind: "checksums",
    size: manifest.length,
    sha256: createHash("sha256").update(manifest).digest("hex"),
  });
  return artifacts;
}

/** The `manifest.json` each `writeDist` wrote, as the asset the github plugin uploads beside the artifacts. */
const manifests = new WeakMap<Artifact[], Artifact>();

/**
 * The files that belong on the release page: archives and checksums (not staged binaries), and the
 * `manifest.json` itself (the next release reads its sizes) when `writeDist` wrote these artifacts.
 */
export const releaseArtifacts = (artifacts: Artifact[]) => {
  const manifest = manifests.get(artifacts);
  return [...artifacts.filter((a) => a.kind !== "binary"), ...(manifest ? [manifest] : [])];
};
