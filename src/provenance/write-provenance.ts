import { join } from "node:path";
import type { Artifact } from "../manifest/dist-manifest.js";
import type { Logger } from "../types.js";
import { atomicWrite, sha256 } from "../util/atomic-write.js";
import { PROVENANCE_FILE, provenanceStatement, type ProvenanceInput } from "./statement.js";

/** Whether a release gets provenance: the `provenance` option, by default on when any signature is made. */
export const provenanceEnabled = (option: boolean | undefined, sign: object | undefined): boolean =>
  option ?? Object.keys(sign ?? {}).length > 0;

/**
 * Writes `provenance.intoto.json` (one in-toto statement, its subjects the archives among `artifacts`) into dist
 * and returns its manifest entry (kind `provenance`), signed afterwards like the archives.
 */
export async function writeProvenance(
  distDir: string,
  artifacts: readonly Artifact[],
  i: Omit<ProvenanceInput, "archives">,
  logger: Logger,
): Promise<Artifact> {
  const archives = artifacts
    .filter((a) => a.kind === "archive")
    .map((a) => ({
      name: a.path.split("/").at(-1)!,
      sha256: a.sha256,
      ...(a.target ? { target: a.target } : {}),
    }));
  const data = Buffer.from(`${JSON.stringify(provenanceStatement({ ...i, archives }), null, 2)}\n`);
  await atomicWrite(join(distDir, PROVENANCE_FILE), data);
  logger.log("Wrote the provenance of %s archives: %s", archives.length, PROVENANCE_FILE);
  return { path: PROVENANCE_FILE, kind: "provenance", size: data.length, sha256: sha256(data) };
}
