import { join } from "node:path";
import type { HttpDeps } from "../http/client.js";
import { parseManifest, type DistManifest } from "../manifest/dist-manifest.js";
import { throwAll } from "../errors/get-error.js";
import { atomicWrite } from "../util/atomic-write.js";
import { readIfExists } from "../util/fs.js";
import type { Context } from "../types.js";
import { formatSize } from "../binaries/release-notes.js";
import type { SizeLimits } from "./limits.js";
import { fetchPreviousManifest } from "./previous-manifest.js";
import { sizeGate, type SizeRow } from "./size-gate.js";

/** `{distDir}/previous-manifest.json`: the last release's manifest, kept for the job summary's size changes. */
export const PREVIOUS_FILE = "previous-manifest.json";

/** `+1.2 KiB (+3.4%)`, `-10 B (-0.1%)`, `new` or `—`. */
export function sizeChange(r: Pick<SizeRow, "size" | "previous">, known = true): string {
  if (r.previous === undefined) return known ? "new" : "—";
  const d = r.size - r.previous;
  const pct = r.previous ? ` (${d >= 0 ? "+" : ""}${((d / r.previous) * 100).toFixed(1)}%)` : "";
  return `${d >= 0 ? "+" : "-"}${formatSize(Math.abs(d))}${pct}`;
}

/** The previous manifest this run fetched and kept in the dist folder, if any. */
export async function readPrevious(distDir: string): Promise<DistManifest | undefined> {
  const path = join(distDir, PREVIOUS_FILE);
  const text = await readIfExists(path).catch(() => undefined);
  try {
    return text ? parseManifest(text, path) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The size step of prepare (after the build, before the tag): fetches the last release's `manifest.json` asset,
 * keeps it as `{distDir}/previous-manifest.json`, logs each size and its change, then runs the gate: `EMAXSIZE` /
 * `ESIZEINCREASE` for every artifact over a limit, all at once.
 */
export async function checkSizes(
  o: { manifest: DistManifest; limits: SizeLimits; distDir: string; context: Context },
  deps: HttpDeps = {},
): Promise<void> {
  const { context: c } = o;
  const previous = await fetchPreviousManifest({
    repositoryUrl: c.options?.repositoryUrl,
    gitTag: c.lastRelease?.gitTag,
    env: c.env,
    deps,
  });
  if (previous.manifest) {
    await atomicWrite(join(o.distDir, PREVIOUS_FILE), `${JSON.stringify(previous.manifest, null, 2)}\n`);
    c.logger.log("Sizes against %s (its manifest.json asset):", previous.manifest.version);
  } else c.logger.log("Sizes (no previous sizes: %s):", previous.reason);
  const report = sizeGate(o.manifest, previous.manifest, o.limits);
  for (const r of report.rows)
    c.logger.log("  %s: %s, %s", r.name, formatSize(r.size), sizeChange(r, !!previous.manifest));
  for (const w of report.warnings) (c.logger.warn ?? c.logger.log).call(c.logger, w);
  throwAll(report.errors);
}
