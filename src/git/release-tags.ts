import semver from "semver";
import { tagVersion } from "../resume/tag.js";
import { gitOut, type Git } from "./run.js";

/** A release tag: its name and the version it carries under `tagFormat`. */
export interface ReleaseTag {
  gitTag: string;
  version: string;
}

/** The tags reachable from `commit` that carry a version under `tagFormat`, highest version first. */
export async function releaseTags(o: Git, commit: string, tagFormat: string): Promise<ReleaseTag[]> {
  const out = (await gitOut(o, "tag", "--merged", commit)) ?? "";
  return out
    .split("\n")
    .flatMap((gitTag) => {
      const version = semver.valid(tagVersion(gitTag, tagFormat) ?? "");
      return gitTag && version ? [{ gitTag, version }] : [];
    })
    .sort((a, b) => semver.rcompare(a.version, b.version));
}
