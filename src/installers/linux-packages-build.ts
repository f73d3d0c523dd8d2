import { runBounded } from "../util/run-bounded.js";
import { writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import type { ArchiveEntry } from "../binaries/archive-layout.js";
import { writeChecksumFile } from "../binaries/checksums.js";
import type { LinuxPackagesOption } from "../config/options/linux-packages.js";
import type { Artifact } from "../manifest/dist-manifest.js";
import { atomicWrite, sha256 } from "../util/atomic-write.js";
import type { Logger } from "../types.js";
import { debBytes } from "./deb.js";
import { dependenciesOf, docEntries, glibcFloorOf, gzip9n, type LinuxPackageInput } from "./linux-package.js";
import type { PackageMeta } from "./linux-package-meta.js";
import type { PlannedPackage } from "./linux-packages.js";
import { rpmBytes } from "./rpm.js";
import type { PackageSigner } from "./linux-packages-sign.js";

/** What the packages of one release are built from. */
export interface PackagesInput {
  cwd: string;
  distDir: string;
  version: string;
  mtime: number;
  meta: PackageMeta;
  changelog: string;
  option: LinuxPackagesOption;
  /** The manifest's `binary` artifacts. */
  binaries: readonly Artifact[];
  logger: Logger;
  signer?: PackageSigner;
}

/** The files of the package of `p.target`: its binaries, the copyright, the changelog, man pages, completions. */
async function entriesOf(p: PlannedPackage, o: PackagesInput): Promise<ArchiveEntry[]> {
  const doc = `usr/share/doc/${p.name}`;
  const bins = o.binaries.filter((b) => b.target === p.target);
  return [
    ...bins.map((b): ArchiveEntry => ({
      path: `usr/bin/${basename(b.path)}`,
      type: "file",
      mode: 0o755,
      source: join(o.distDir, b.path),
    })),
    { path: `${doc}/copyright`, type: "file", mode: 0o644, content: o.meta.copyright },
    { path: `${doc}/changelog.gz`, type: "file", mode: 0o644, content: gzip9n(o.changelog) },
    ...(await docEntries(o.cwd, p.name, o.option)),
  ];
}

/** Builds one package into the dist folder: the file, its `.sha256`, its `.asc` when signed; their artifacts. */
async function buildOne(p: PlannedPackage, o: PackagesInput): Promise<Artifact[]> {
  const bins = o.binaries.filter((b) => b.target === p.target);
  const depends = dependenciesOf(p, glibcFloorOf(bins.map((b) => b.requires)), o.option.depends);
  const input: LinuxPackageInput = {
    ...o.meta,
    name: p.name,
    version: o.version,
    arch: p.format === "deb" ? p.deb : p.rpm,
    depends: depends[p.format],
    entries: await entriesOf(p, o),
    mtime: o.mtime,
  };
  const sign = o.signer?.signRpmHeader;
  const bytes = p.format === "deb" ? await debBytes(input) : await rpmBytes(input, sign);
  const path = join(o.distDir, p.file);
  await atomicWrite(path, bytes);
  const artifact: Artifact = {
    path: p.file,
    kind: "package",
    target: p.target,
    format: p.format,
    size: bytes.length,
    sha256: sha256(bytes),
  };
  const sum = await writeChecksumFile({ path, sha256: artifact.sha256 });
  const artifacts: Artifact[] = [
    artifact,
    { path: `${p.file}.sha256`, kind: "checksum", target: p.target, size: sum.size, sha256: sum.sha256 },
  ];
  if (p.format === "deb" && o.signer) {
    const asc = await o.signer.signDetached(path);
    await writeFile(`${path}.asc`, asc);
    artifacts.push({
      path: `${p.file}.asc`,
      kind: "signature",
      signs: p.file,
      method: "gpg",
      size: asc.length,
      sha256: sha256(asc),
    });
  }
  o.logger.log(
    "Wrote %s (%s, %s)%s",
    p.file,
    p.target,
    depends[p.format].join(", ") || "no dependencies",
    o.signer ? ", signed" : "",
  );
  return artifacts;
}

/**
 * Builds every planned package, two at a time (a package of a small binary is one gzip block: the .deb and the .rpm
 * then compress on two cores and their disk flushes overlap; a package is built in memory, so not more at once);
 * the artifacts in the plan's order.
 */
export async function buildPackages(
  packages: readonly PlannedPackage[],
  o: PackagesInput,
): Promise<Artifact[]> {
  return (
    await runBounded(
      packages.map((p) => () => buildOne(p, o)),
      2,
    )
  ).flat();
}
