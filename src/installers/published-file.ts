import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { getError } from "../errors/get-error.js";
import { manifestPath, readManifest } from "../manifest/dist-manifest.js";
import { sha256 } from "../util/atomic-write.js";

/**
 * A file prepare wrote for this version and listed as `formula` (the Homebrew formula, the Scoop manifest),
 * checked against the manifest: `EDISTMANIFEST` when it is not listed or changed since.
 */
export async function readPublishedFile(
  distDir: string,
  version: string,
  what: string,
  match: (path: string) => boolean,
): Promise<{ path: string; text: string }> {
  const manifest = await readManifest(distDir);
  const entry =
    manifest?.version === version
      ? manifest.artifacts.find((a) => a.kind === "formula" && match(a.path))
      : undefined;
  const where = manifestPath(distDir);
  if (!entry)
    throw getError("EDISTMANIFEST", {
      path: where,
      reason: `it lists no ${what} of ${version} (run prepare)`,
    });
  const text = await readFile(join(distDir, entry.path), "utf8");
  if (sha256(text) !== entry.sha256)
    throw getError("EDISTMANIFEST", { path: where, reason: `${entry.path} changed after prepare wrote it` });
  return { path: entry.path, text };
}
