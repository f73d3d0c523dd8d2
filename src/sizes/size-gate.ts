import type { DistManifest } from "../manifest/dist-manifest.js";
import { getError } from "../errors/get-error.js";
import type { SemanticReleaseError } from "../errors/semantic-release-error.js";
import type { SizeLimits, SizedKind } from "./limits.js";
import { describeBytes, type IncreaseLimit } from "./parse-size.js";

/** One sized artifact of a release: a binary, an archive or an image's platform. */
export interface SizeRow {
  /** Matches the same artifact across versions: `archive x86_64-unknown-linux-gnu`, `binary <target> rgreet`. */
  key: string;
  kind: SizedKind;
  /** What a user recognises: the file path in `dist/`, or `image@platform`. */
  name: string;
  target?: string;
  size: number;
  /** The same artifact's size in the previous release, when known. */
  previous?: number;
}

export interface SizeReport {
  rows: SizeRow[];
  /** `ESIZEINCREASE` and `EMAXSIZE`, one per artifact over a limit. */
  errors: SemanticReleaseError[];
  warnings: string[];
}

/** Every binary, archive and image platform of a manifest, keyed so that versions can be compared. Pure. */
export function sizedArtifacts(manifest: DistManifest): Omit<SizeRow, "previous">[] {
  const files = manifest.artifacts.flatMap((a): Omit<SizeRow, "previous">[] => {
    if (a.kind === "archive")
      return [{ key: `archive ${a.target ?? ""}`, kind: "archive", name: a.path, size: a.size }];
    if (a.kind === "binary")
      return [
        { key: `binary ${a.target ?? ""} ${a.binary ?? a.path}`, kind: "binary", name: a.path, size: a.size },
      ];
    return [];
  });
  const targets = new Map(manifest.artifacts.map((a) => [a.path, a.target]));
  const images = (manifest.images ?? []).flatMap((i) =>
    i.platforms.map((p) => ({
      key: `image ${i.name} ${p.platform}`,
      kind: "image" as const,
      name: `${i.name} (${p.platform})`,
      size: p.size,
    })),
  );
  return [...files, ...images].map((r) => {
    const target = targets.get(r.name);
    return target ? { ...r, target } : r;
  });
}

/** Why `size` breaks `limit` grown from `previous`, or undefined when it holds. */
function increaseProblem(previous: number, size: number, limit: IncreaseLimit): string | undefined {
  const growth = size - previous;
  const problems: string[] = [];
  if (limit.bytes !== undefined && growth > limit.bytes)
    problems.push(`at most ${describeBytes(limit.bytes)}`);
  if (limit.percent !== undefined && growth > (previous * limit.percent) / 100)
    problems.push(`at most ${limit.percent}%`);
  return problems.length ? problems.join(" and ") : undefined;
}

/**
 * The size gate, pure: each binary, archive and image against `maxSize`, and each binary and archive against its
 * size in `previous` (the last release's manifest) with `maxSizeIncrease`. Without `previous` the increase gate
 * is skipped with a warning. Artifacts new in this release have no previous size and pass the increase gate.
 */
export function sizeGate(
  manifest: DistManifest,
  previous: DistManifest | undefined,
  limits: SizeLimits,
): SizeReport {
  const before = new Map(previous ? sizedArtifacts(previous).map((r) => [r.key, r.size]) : []);
  const rows = sizedArtifacts(manifest).map((r): SizeRow => {
    const size = before.get(r.key);
    return size === undefined ? r : { ...r, previous: size };
  });
  const errors: SemanticReleaseError[] = [];
  const warnings: string[] = [];
  if (limits.maxSizeIncrease && !previous)
    warnings.push("No manifest.json of the previous release: the `maxSizeIncrease` gate is skipped.");
  for (const r of rows) {
    const max = limits.maxSize?.[r.kind];
    if (max !== undefined && r.size > max)
      errors.push(
        getError("EMAXSIZE", {
          artifact: r.name,
          kind: r.kind,
          size: describeBytes(r.size),
          limit: describeBytes(max),
        }),
      );
    const limit = r.kind === "image" ? undefined : limits.maxSizeIncrease?.[r.kind];
    const problem =
      limit && r.previous !== undefined ? increaseProblem(r.previous, r.size, limit) : undefined;
    if (problem && r.previous !== undefined)
      errors.push(
        getError("ESIZEINCREASE", {
          artifact: r.name,
          previous: describeBytes(r.previous),
          previousVersion: previous?.version ?? "",
          size: describeBytes(r.size),
          limit: problem,
        }),
      );
  }
  return { rows, errors, warnings };
}
