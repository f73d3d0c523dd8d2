import { join } from "node:path";
import { readIfExists } from "../util/fs.js";
import { atomicWrite } from "../util/atomic-write.js";

/** `{distDir}/timings.json`: how long each of our steps took, written by the plugins, read by the job summary. */
export const TIMINGS_FILE = "timings.json";

export interface Timing {
  /** The plugin step: `build`, `package`, `upload`, `push`, `crates`, `images`. */
  step: string;
  /** What it did: a target, `12 assets`, an image. */
  label: string;
  ms: number;
}

interface TimingsFile {
  version: string;
  timings: Timing[];
}

/** The clock every recorded duration comes from (injected in tests). */
export type Clock = () => number;

const queues = new Map<string, Promise<void>>();

/** The timings of `version` recorded so far (none when the file holds another version's). */
export async function readTimings(distDir: string, version: string): Promise<Timing[]> {
  const text = await readIfExists(join(distDir, TIMINGS_FILE));
  if (!text) return [];
  try {
    const file = JSON.parse(text) as TimingsFile;
    return file.version === version && Array.isArray(file.timings) ? file.timings : [];
  } catch {
    return [];
  }
}

/** Appends timings of `version` (a file of another version is started anew); writes one at a time per file. */
export function recordTimings(distDir: string, version: string, timings: Timing[]): Promise<void> {
  const path = join(distDir, TIMINGS_FILE);
  const next = (queues.get(path) ?? Promise.resolve()).then(async () => {
    const before = await readTimings(distDir, version);
    await atomicWrite(path, `${JSON.stringify({ version, timings: [...before, ...timings] }, null, 2)}\n`);
  });
  queues.set(
    path,
    next.catch(() => undefined),
  );
  return next;
}

/**
 * Runs `fn` and records how long it took, also when it fails (the summary of a failed release shows what ran).
 * Recording never fails the step.
 */
export async function timed<T>(
  o: { distDir: string; version: string; step: string; label: string; now?: Clock },
  fn: () => Promise<T>,
): Promise<T> {
  const now = o.now ?? Date.now;
  const start = now();
  try {
    return await fn();
  } finally {
    await recordTimings(o.distDir, o.version, [{ step: o.step, label: o.label, ms: now() - start }]).catch(
      () => undefined,
    );
  }
}
