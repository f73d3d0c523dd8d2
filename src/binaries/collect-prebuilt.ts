import { mkdir, readdir, readFile, stat } from "node:fs/promises";
import { atomicCopy } from "../util/atomic-write.js";
import { dirname, join, relative } from "node:path";
import { getError } from "../errors/get-error.js";
import { parseManifest, type Artifact, type DistManifest } from "../manifest/dist-manifest.js";
import type { Logger } from "../types.js";
import { fileDigest } from "../util/digest.js";

/** A `manifest-<target>.json` written by `semantic-release-rust build`, with the folder its paths are relative to. */
export interface Fragment {
  file: string;
  dir: string;
  target: string;
  manifest: DistManifest;
}

export const fragmentName = (target: string): string => `manifest-${target}.json`;

/** Finds every `manifest-*.json` under `dir` (matrix downloads often nest one folder per job). */
export async function findFragments(dir: string): Promise<Fragment[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  const fragments: Fragment[] = [];
  for (const e of entries) {
    const m = /^manifest-(.+)\.json$/.exec(e.name);
    if (!e.isFile() || !m) continue;
    const file = join(e.parentPath, e.name);
    fragments.push({
      file,
      dir: e.parentPath,
      target: m[1] as string,
      manifest: parseManifest(await readFile(file, "utf8"), file),
    });
  }
  return fragments.sort((a, b) => a.file.localeCompare(b.file));
}

interface ExpectedTarget {
  target: string;
  /** The archive file name this version must have. */
  archive: string;
}

/** Picks one fragment per expected target and lists what is missing or stale. Pure. */
export function checkFragments(
  fragments: readonly Fragment[],
  expected: readonly ExpectedTarget[],
  version: string,
): { chosen: Fragment[]; problems: string[] } {
  const chosen: Fragment[] = [];
  const problems: string[] = [];
  for (const e of expected) {
    const mine = fragments.filter((f) => f.target === e.target);
    const current = mine.find((f) => f.manifest.version === version);
    if (!current) {
      problems.push(
        mine.length === 0
          ? `\`${e.target}\`: no \`${fragmentName(e.target)}\``
          : `\`${e.target}\`: built for ${mine.map((f) => f.manifest.version).join(", ")}, not ${version}`,
      );
      continue;
    }
    const archives = current.manifest.artifacts.filter((a) => a.kind === "archive").map((a) => a.path);
    if (!archives.includes(e.archive)) {
      problems.push(
        `\`${e.target}\`: expected archive \`${e.archive}\`, found ${archives.map((a) => `\`${a}\``).join(", ") || "none"}`,
      );
      continue;
    }
    chosen.push(current);
  }
  return { chosen, problems };
}

/** Copies the chosen fragments' files into `distDir`, checking each file's SHA-256; problems as text. */
async function copyFragments(
  chosen: readonly Fragment[],
  distDir: string,
  logger: Logger,
): Promise<{ artifacts: Artifact[]; problems: string[] }> {
  const artifacts: Artifact[] = [];
  const problems: string[] = [];
  for (const f of chosen) {
    for (const a of f.manifest.artifacts) {
      const source = join(f.dir, a.path);
      const digest = await fileDigest(source).catch(() => undefined);
      if (!digest)
        problems.push(
          `\`${f.target}\`: \`${a.path}\` is missing next to ${relative(dirname(f.dir), f.file)}`,
        );
      else if (digest.sha256 !== a.sha256)
        problems.push(`\`${f.target}\`: \`${a.path}\` does not match its SHA-256`);
      else {
        const dest = join(distDir, a.path);
        if (dest !== source) {
          await mkdir(dirname(dest), { recursive: true });
          // Temp + rename: a kill or a full disk never leaves a truncated artifact in dist/.
          await atomicCopy(source, dest, (await stat(source)).mode & 0o777);
        }
        artifacts.push(a);
      }
    }
    logger.log("Collected prebuilt %s from %s", f.target, f.file);
  }
  return { artifacts, problems };
}

/** Collects every configured target's prebuilt files for `version`; `EPREBUILTMISSING` lists what is missing. */
export async function collectPrebuilt(o: {
  dir: string;
  distDir: string;
  version: string;
  expected: ExpectedTarget[];
  logger: Logger;
}): Promise<Artifact[]> {
  const { chosen, problems } = checkFragments(await findFragments(o.dir), o.expected, o.version);
  const copied =
    problems.length === 0
      ? await copyFragments(chosen, o.distDir, o.logger)
      : { artifacts: [], problems: [] };
  const all = [...problems, ...copied.problems];
  if (all.length > 0) throw getError("EPREBUILTMISSING", { dir: o.dir, version: o.version, problems: all });
  return copied.artifacts;
}
