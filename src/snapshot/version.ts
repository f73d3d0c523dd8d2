import semver from "semver";
import { releaseTags } from "../git/release-tags.js";
import { git } from "../git/run.js";

/** The version of a dev snapshot and where it comes from. */
export interface SnapshotVersion {
  /** `{next}-dev.{n}+{sha7}`: `0.1.1-dev.2+abcdef1`. */
  version: string;
  /** The last release tag reachable from HEAD, when there is one. */
  tag?: string;
  /** The version `{next}` is the next patch of: the tag's, else the Cargo version. */
  base: string;
  /** Commits since the tag (every commit without one). */
  commits: number;
  /** The full commit and its first 7 characters. */
  gitHead: string;
  sha7: string;
}

/**
 * The snapshot version of HEAD: the next patch of the last release tag's version (or of `cargoVersion` when no
 * tag is reachable), `-dev.{n}` with `n` the commits since that tag, `+{sha7}` the commit. Reads git only.
 */
export async function snapshotVersion(o: {
  cwd: string;
  env: NodeJS.ProcessEnv;
  tagFormat: string;
  cargoVersion: string;
}): Promise<SnapshotVersion> {
  const last = (await releaseTags(o, "HEAD", o.tagFormat))[0];
  const base = last?.version ?? o.cargoVersion;
  const next = semver.inc(base, "patch");
  if (!next) throw new Error(`${base} is not a semantic version`);
  const range = last ? `refs/tags/${last.gitTag}..HEAD` : "HEAD";
  const commits = Number(await git(o, "rev-list", "--count", "--end-of-options", range));
  const gitHead = await git(o, "rev-parse", "HEAD");
  const sha7 = gitHead.slice(0, 7);
  return {
    version: `${next}-dev.${commits}+${sha7}`,
    ...(last ? { tag: last.gitTag } : {}),
    base,
    commits,
    gitHead,
    sha7,
  };
}
