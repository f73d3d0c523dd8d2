import { exec } from "../util/exec.js";
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

interface Git {
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** The commit a local tag points at, or `undefined` when there is no such tag. */
export async function tagCommit(tag: string, o: Git): Promise<string | undefined> {
  const r = await exec("git", ["rev-parse", "-q", "--verify", `refs/tags/${tag}^{commit}`], {
    ...o,
    reject: false,
  });
  return r.code === 0 ? r.stdout.trim() : undefined;
}

export async function headCommit(o: Git): Promise<string> {
  return (await exec("git", ["rev-parse", "HEAD"], o)).stdout.trim();
}

/**
 * The commit the remote's tag points at (peeled), or `undefined` when the remote has no such tag. Throws when the
 * remote cannot be read.
 */
export async function remoteTagCommit(remote: string, tag: string, o: Git): Promise<string | undefined> {
  const { stdout } = await exec(
    "git",
    // `--` keeps a remote such as `--upload-pack=...` from being read as an option (resolveResume refuses it too).
    ["ls-remote", "--tags", "--", remote, `refs/tags/${tag}`, `refs/tags/${tag}^{}`],
    o,
  );
  const refs = new Map(
    stdout
      .split("\n")
      .filter(Boolean)
      .map((l) => l.split("\t") as [string, string])
      .map(([sha, ref]) => [ref, sha] as const),
  );
  return refs.get(`refs/tags/${tag}^{}`) ?? refs.get(`refs/tags/${tag}`);
}

/** `remote.origin.url`, or `undefined` when there is no `origin`. */
export async function originUrl(o: Git): Promise<string | undefined> {
  // As semantic-release reads it: the configured URL, without git's `insteadOf` rewrites.
  const r = await exec("git", ["config", "--get", "remote.origin.url"], { ...o, reject: false });
  return r.code === 0 ? r.stdout.trim() || undefined : undefined;
}

/** Subjects of the commits after the previous tag up to `tag`, newest first (all commits without one). */
export async function commitSubjects(tag: string, o: Git): Promise<string[]> {
  const prev = await exec("git", ["describe", "--tags", "--abbrev=0", "--end-of-options", `${tag}^`], {
    ...o,
    reject: false,
  });
  const range = prev.code === 0 ? `${prev.stdout.trim()}..${tag}` : tag;
  const { stdout } = await exec("git", ["log", "--format=%s", "--end-of-options", range], o);
  return stdout.split("\n").filter(Boolean);
}
