import { mkdir, readdir, readFile, stat } from "node:fs/promises";
import { atomicCopy } from "../util/atomic-write.js";
import { basename, dirname, join, relative } from "node:path";
import { getError, throwAll } from "../errors/get-error.js";
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

export interface ExpectedTarget {
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

/** What is wrong with the collected builds, by kind: each kind is its own error code for the caller. */
export interface FragmentProblems {
  /** Targets without a build of this version (or with another archive name), files missing beside a fragment. */
  missing: string[];
  /** Builds whose recorded commit is not the release's. */
  commit: string[];
  /** Files whose SHA-256 is not the recorded one (fragment, or the archive's `.sha256` line). */
  checksum: string[];
}

/** The commit problems of the chosen fragments: each must record `commit`. Pure. */
export const commitProblems = (chosen: readonly Fragment[], commit: string): string[] =>
  chosen
    .filter((f) => f.manifest.gitHead !== commit)
    .map((f) =>
      f.manifest.gitHead
        ? `\`${f.target}\`: built from ${f.manifest.gitHead.slice(0, 12)}, not ${commit.slice(0, 12)}`
        : `\`${f.target}\`: ${basename(f.file)} records no commit`,
    );

/** Every file of the chosen fragments is there with its recorded SHA-256, and each `.sha256` names it. */
async function fileProblems(chosen: readonly Fragment[]): Promise<FragmentProblems> {
  const problems: FragmentProblems = { missing: [], commit: [], checksum: [] };
  for (const f of chosen) {
    for (const a of f.manifest.artifacts) {
      const source = join(f.dir, a.path);
      const digest = await fileDigest(source).catch(() => undefined);
      if (!digest)
        problems.missing.push(
          `\`${f.target}\`: \`${a.path}\` is missing next to ${relative(dirname(f.dir), f.file)}`,
        );
      else if (digest.sha256 !== a.sha256)
        problems.checksum.push(`\`${f.target}\`: \`${a.path}\` does not match its SHA-256`);
      if (a.kind !== "checksum" || !digest) continue;
      const archive = f.manifest.artifacts.find((x) => `${x.path}.sha256` === a.path);
      const line = (await readFile(source, "utf8")).trim();
      if (archive && line !== `${archive.sha256}  ${basename(archive.path)}`)
        problems.checksum.push(`\`${f.target}\`: \`${a.path}\` does not hold the archive's SHA-256`);
    }
  }
  return problems;
}

/**
 * Reads every fragment under `dir`, picks one per expected target at `version`, and checks it without copying:
 * present, built from `commit` (when given), every file there with its recorded SHA-256.
 */
export async function gatherFragments(o: {
  dir: string;
  version: string;
  commit?: string;
  expected: readonly ExpectedTarget[];
}): Promise<{ chosen: Fragment[]; problems: FragmentProblems }> {
  const { chosen, problems: missing } = checkFragments(await findFragments(o.dir), o.expected, o.version);
  const files = await fileProblems(chosen);
  return {
    chosen,
    problems: {
      missing: [...missing, ...files.missing],
      commit: o.commit === undefined ? [] : commitProblems(chosen, o.commit),
      checksum: files.checksum,
    },
  };
}

/** Copies the chosen (and checked) fragments' files into `distDir`; their artifacts. */
export async function copyFragments(
  chosen: readonly Fragment[],
  distDir: string,
  logger: Logger,
): Promise<Artifact[]> {
  const artifacts: Artifact[] = [];
  for (const f of chosen) {
    for (const a of f.manifest.artifacts) {
      const source = join(f.dir, a.path);
      const dest = join(distDir, a.path);
      if (dest !== source) {
        await mkdir(dirname(dest), { recursive: true });
        // Temp + rename: a kill or a full disk never leaves a truncated artifact in dist/.
        await atomicCopy(source, dest, (await stat(source)).mode & 0o777);
      }
      artifacts.push(a);
    }
    logger.log("Collected prebuilt %s from %s", f.target, f.file);
  }
  return artifacts;
}

/**
 * Collects every configured target's prebuilt files for `version`, built from `commit` (the release commit):
 * `EPREBUILTMISSING` lists what is missing or damaged, `EPREBUILTCOMMIT` what another commit built. Copies
 * nothing unless every check passes.
 */
export async function collectPrebuilt(o: {
  dir: string;
  distDir: string;
  version: string;
  commit: string;
  expected: ExpectedTarget[];
  logger: Logger;
}): Promise<Artifact[]> {
  const { chosen, problems } = await gatherFragments(o);
  const missing = [...problems.missing, ...problems.checksum];
  throwAll([
    ...(missing.length > 0
      ? [getError("EPREBUILTMISSING", { dir: o.dir, version: o.version, problems: missing })]
      : []),
    ...(problems.commit.length > 0
      ? [getError("EPREBUILTCOMMIT", { commit: o.commit, problems: problems.commit })]
      : []),
  ]);
  return copyFragments(chosen, o.distDir, o.logger);
}
