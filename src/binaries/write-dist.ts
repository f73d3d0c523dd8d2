import { join } from "node:path";
import { writeManifest, type Artifact } from "../manifest/dist-manifest.js";
import type { Logger } from "../types.js";
import { writeSha256Sums } from "./checksums.js";

/** The last step of every way to fill dist/: `SHA256SUMS` of the archives, then `manifest.json`. */
export async function writeDist(
  distDir: string,
  o: { version: string; gitHead: string; artifacts: readonly Artifact[]; logger: Logger },
): Promise<void> {
  const artifacts = [...o.artifacts];
  const archives = artifacts.filter((a) => a.kind === "archive");
  const sums = await writeSha256Sums(
    distDir,
    archives.map((a) => ({ path: join(distDir, a.path), sha256: a.sha256 })),
  );
  artifacts.push({ path: "SHA256SUMS", kind: "checksums", size: sums.size, sha256: sums.sha256 });
  await writeManifest(distDir, { schemaVersion: 1, version: o.version, gitHead: o.gitHead, artifacts });
  o.logger.log("Wrote %s artifacts and %s", artifacts.length, join(distDir, "manifest.json"));
}
