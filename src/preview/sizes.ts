import { loadBinariesConfig } from "../binaries/config.js";
import { formatSize } from "../binaries/release-notes.js";
import { listed, type ReleaseConfig } from "../config/release-config.js";
import { SemanticReleaseError } from "../errors/semantic-release-error.js";
import type { DistManifest } from "../manifest/dist-manifest.js";
import { BINARIES_PLUGIN } from "../plugins.js";
import { originUrl } from "../git/run.js";
import { sizeChange } from "../sizes/check-sizes.js";
import type { SizeLimits } from "../sizes/limits.js";
import { fetchPreviousManifest, type Previous } from "../sizes/previous-manifest.js";
import { sizedArtifacts, sizeGate } from "../sizes/size-gate.js";
import type { Logger } from "../types.js";

/** One binary or archive: its size in this branch's build (null without `--build`) and in the last release. */
export interface SizeLine {
  name: string;
  kind: "binary" | "archive";
  size: number | null;
  previous: number | null;
  /** `size - previous` in bytes; null when either is unknown. */
  change: number | null;
}

/** The `sizes` of `preview --json`: the binaries' sizes, their changes and the size gate's verdict. */
export interface PreviewSizes {
  /** The release whose `manifest.json` asset gave the previous sizes; null when there is none. */
  previous: { version: string } | null;
  rows: SizeLine[];
  /** `unknown` without `--build` (or when the build failed). */
  verdict: "pass" | "fail" | "unknown";
  /** The gate's `EMAXSIZE`/`ESIZEINCREASE` (or the build's error), coded. */
  problems: { code: string; message: string }[];
  /** Why there are no previous sizes: no network, no asset, a first release, not on GitHub. */
  skipped?: string;
  /** The gate's warnings (the increase check skipped without a previous manifest). */
  warnings: string[];
}

interface SizesRequest {
  cwd: string;
  env: NodeJS.ProcessEnv;
  rc: ReleaseConfig;
  lastTag: string | undefined;
  /** The next version; the build needs one. */
  version: string | undefined;
  build: boolean;
  logger: Logger;
  stdout: NodeJS.WritableStream;
}

const problem = (e: Error) => ({ code: (e as { code?: string }).code ?? "", message: e.message });
const problemsOf = (e: unknown): { code: string; message: string }[] =>
  e instanceof AggregateError ? (e.errors as Error[]).map(problem) : [problem(e as Error)];

/** The previous sizes only: every binary and archive of the last release, this branch's sizes unknown. */
function previousOnly(previous: DistManifest | undefined): SizeLine[] {
  return (previous ? sizedArtifacts(previous) : []).flatMap((r) =>
    r.kind === "image" ? [] : [{ name: r.name, kind: r.kind, size: null, previous: r.size, change: null }],
  );
}

/** This branch's sizes through the gate: rows with changes, pass or fail with the coded problems. */
function gated(manifest: DistManifest, previous: Previous, limits: SizeLimits) {
  const report = sizeGate(manifest, previous.manifest, limits);
  const rows = report.rows.flatMap((r): SizeLine[] => {
    if (r.kind === "image") return [];
    const before = r.previous ?? null;
    return [
      {
        name: r.name,
        kind: r.kind,
        size: r.size,
        previous: before,
        change: before === null ? null : r.size - before,
      },
    ];
  });
  const verdict = report.errors.length ? ("fail" as const) : ("pass" as const);
  return { rows, verdict, problems: report.errors.map(problem), warnings: report.warnings };
}

/**
 * The sizes of `preview`, when the binaries plugin is listed (undefined otherwise): the last release's
 * `manifest.json` asset when reachable (public read, no token needed), and with `build` the host target built at
 * the next version in a temp clone, run through the release's own size gate (`maxSize`, `maxSizeIncrease`).
 */
export async function previewSizes(r: SizesRequest): Promise<PreviewSizes | undefined> {
  const entry = listed(r.rc, BINARIES_PLUGIN);
  if (!entry) return undefined;
  const { config } = loadBinariesConfig(entry.pluginConfig);
  const limits: SizeLimits = {
    ...(config.maxSize ? { maxSize: config.maxSize } : {}),
    ...(config.maxSizeIncrease ? { maxSizeIncrease: config.maxSizeIncrease } : {}),
  };
  const globalUrl = r.rc.globals.repositoryUrl;
  const repositoryUrl = typeof globalUrl === "string" ? globalUrl : await originUrl(r);
  // A preview never waits: a look-up that fails (even after a rate limit) is skipped, not retried later.
  const deps = { sleep: () => Promise.resolve() };
  const previous = await fetchPreviousManifest({ repositoryUrl, gitTag: r.lastTag, env: r.env, deps });
  const found = previous.manifest ? { version: previous.manifest.version } : null;
  const skipped = previous.manifest ? {} : { skipped: previous.reason };
  const unknown = { rows: previousOnly(previous.manifest), verdict: "unknown" as const };
  if (!r.build || !r.version) {
    const warnings = r.build ? ["Merging releases nothing: --build built nothing, sizes are unknown."] : [];
    return { previous: found, ...unknown, problems: [], ...skipped, warnings };
  }
  try {
    // Loaded only for --build: the build modules are not needed otherwise.
    const { buildHost } = await import("./build-host.js");
    const manifest = await buildHost({ ...r, version: r.version });
    const { warnings, ...gate } = gated(manifest, previous, limits);
    return { previous: found, ...gate, ...skipped, warnings };
  } catch (e) {
    if (!(e instanceof SemanticReleaseError || e instanceof AggregateError)) throw e;
    const warnings = ["The host build failed: this branch's sizes are unknown."];
    return { previous: found, ...unknown, problems: problemsOf(e), ...skipped, warnings };
  }
}

/** A row as text: its size (`unknown` without a build) and its change (`+1.2 KiB (+3.4%)`, `new`, `—`). */
export function sizeCells(
  r: SizeLine,
  previousKnown: boolean,
): { size: string; previous: string; change: string } {
  const previous = r.previous === null ? "—" : formatSize(r.previous);
  if (r.size === null) return { size: "unknown", previous, change: "—" };
  const change = sizeChange(
    { size: r.size, ...(r.previous === null ? {} : { previous: r.previous }) },
    previousKnown,
  );
  return { size: formatSize(r.size), previous, change };
}

/** The verdict as one line: `pass`, `fail: ESIZEINCREASE …`, or why it is unknown. */
export function verdictLine(s: PreviewSizes): string {
  if (s.verdict === "fail") return `fail (${s.problems.map((p) => p.code).join(", ")})`;
  if (s.verdict === "pass") return "pass";
  return s.problems.length
    ? "unknown (the build failed)"
    : "unknown (run preview --build for this branch's sizes)";
}
