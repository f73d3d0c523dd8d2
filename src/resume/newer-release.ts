import { tagFormatOf } from "../config/release-config.js";
import { GITHUB_PLUGIN } from "../plugins.js";
import semver from "semver";
import { listed } from "../config/release-config.js";
import { loadGithubConfig, makeClient } from "../github/config.js";
import { findRelease } from "../github/releases.js";
import type { Logger } from "../types.js";
import { exec } from "../util/exec.js";
import type { ResumeInput } from "./inputs.js";
import { versionFromTag } from "./tag.js";

/** The remote's tags that name a stable version higher than `version`, highest first. */
async function higherTags(input: ResumeInput): Promise<{ tag: string; version: string }[]> {
  const { globals } = input.config;
  const tagFormat = tagFormatOf({ globals });
  const { stdout } = await exec("git", ["ls-remote", "--tags", "--", input.repositoryUrl], input);
  const tags = stdout
    .split("\n")
    .map((l) => /\trefs\/tags\/(.+)$/.exec(l)?.[1])
    .filter((t): t is string => t !== undefined && !t.endsWith("^{}"));
  return tags
    .map((tag) => ({ tag, version: versionFromTag(tag, tagFormat) }))
    .filter((t): t is { tag: string; version: string } => t.version !== undefined)
    .filter((t) => semver.prerelease(t.version) === null && semver.gt(t.version, input.release.version))
    .sort((a, b) => semver.rcompare(a.version, b.version));
}

/**
 * The stable versions higher than the one being finished that are already published, highest first: tags on the
 * remote whose GitHub release is public (when `semantic-release-rust/github` is listed; without it, every such
 * tag). `finish` keeps floating image tags and GitHub's "latest" with them. Reads only.
 */
export async function newerPublished(input: ResumeInput, logger: Logger): Promise<string[]> {
  const higher = await higherTags(input);
  const github = listed(input.config, GITHUB_PLUGIN);
  if (!github || higher.length === 0) return higher.map((t) => t.version);
  const context = {
    cwd: input.cwd,
    env: input.env,
    logger,
    options: { ...input.config.globals, repositoryUrl: input.repositoryUrl },
  };
  const { settings } = loadGithubConfig(github.pluginConfig, context);
  const client = makeClient(settings, context);
  const published: string[] = [];
  for (const t of higher) {
    const release = await findRelease(client, settings, t.tag);
    if (release && !release.draft) published.push(t.version);
  }
  return published;
}
