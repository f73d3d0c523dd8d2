import { git, gitOut, type Git } from "../git/run.js";
import { isCargoVersion } from "../util/version.js";
import { DEFAULT_TAG_FORMAT } from "../plugins.js";

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * What stands for `${version}` in a tag under `tagFormat` (semantic-release's template, `v${version}` by default),
 * valid or not; `undefined` when the tag does not match the format.
 */
export function tagVersion(tag: string, tagFormat = DEFAULT_TAG_FORMAT): string | undefined {
  const parts = tagFormat.split("${version}");
  if (parts.length !== 2) return undefined;
  return new RegExp(`^${escape(parts[0] ?? "")}(.+)${escape(parts[1] ?? "")}$`, "s").exec(tag)?.[1];
}

/** The version a tag carries under `tagFormat`; `undefined` when it does not match or carries no Cargo version. */
export function versionFromTag(tag: string, tagFormat = DEFAULT_TAG_FORMAT): string | undefined {
  const version = tagVersion(tag, tagFormat);
  return version !== undefined && isCargoVersion(version) ? version : undefined;
}

/** The commit a local tag points at, or `undefined` when there is no such tag. */
export async function tagCommit(tag: string, o: Git): Promise<string | undefined> {
  return gitOut(o, "rev-parse", "-q", "--verify", `refs/tags/${tag}^{commit}`);
}

/** The commit `HEAD` points at. */
export async function headCommit(o: Git): Promise<string> {
  return git(o, "rev-parse", "HEAD");
}

/**
 * The commit the remote's tag points at (peeled), or `undefined` when the remote has no such tag. Throws when the
 * remote cannot be read.
 */
export async function remoteTagCommit(remote: string, tag: string, o: Git): Promise<string | undefined> {
  // `--` keeps a remote such as `--upload-pack=...` from being read as an option (resolveResume refuses it too).
  const out = await git(o, "ls-remote", "--tags", "--", remote, `refs/tags/${tag}`, `refs/tags/${tag}^{}`);
  const refs = new Map(
    out
      .split("\n")
      .filter(Boolean)
      .map((l) => l.split("\t") as [string, string])
      .map(([sha, ref]) => [ref, sha] as const),
  );
  return refs.get(`refs/tags/${tag}^{}`) ?? refs.get(`refs/tags/${tag}`);
}

/** Subjects of the commits after the previous tag up to `tag`, newest first (all commits without one). */
export async function commitSubjects(tag: string, o: Git): Promise<string[]> {
  const prev = await gitOut(o, "describe", "--tags", "--abbrev=0", "--end-of-options", `${tag}^`);
  const range = prev !== undefined ? `${prev}..${tag}` : tag;
  return (await git(o, "log", "--format=%s", "--end-of-options", range)).split("\n").filter(Boolean);
}
