import { currentVersion, selectReleasePackages } from "../cargo/release-packages.js";
import { startBump } from "../cargo/set-version.js";
import { getError } from "../errors/get-error.js";
import type { BranchSpec, Release } from "../types.js";
import { resumeBranch } from "./branch.js";
import {
  BUNDLE,
  bundlePlugins,
  listed,
  readReleaseConfig,
  type ListedPlugin,
  type ReleaseConfig,
} from "./release-config.js";
import { headCommit, originUrl, remoteTagCommit, tagCommit, versionFromTag } from "./tag.js";

export interface ResumeRequest {
  cwd: string;
  env: NodeJS.ProcessEnv;
  tag: string;
  /** The release's channel; the main channel (`null`) when absent. */
  channel?: string;
}

/** Everything a resumed release runs with, checked before any step. */
export interface ResumeInput {
  cwd: string;
  env: NodeJS.ProcessEnv;
  config: ReleaseConfig;
  /** The semantic-release-rust plugins to run, in the listed order. */
  plugins: ListedPlugin[];
  repositoryUrl: string;
  branch: BranchSpec;
  /** `nextRelease` without notes (they come from GitHub or are generated: see `resolveNotes`). */
  release: Release & { gitHead: string; channel: string | null };
}

/**
 * Checks the tag and reads the configuration the tag holds: the tag exists here, HEAD is at it, it matches
 * `tagFormat`, Cargo carries its version, and the remote has it at the same commit. Every failed check is a
 * `SemanticReleaseError` (bad input: nothing ran); only reading the remote can fail otherwise.
 */
export async function resolveResume(req: ResumeRequest): Promise<ResumeInput> {
  const { cwd, env, tag } = req;
  const git = { cwd, env };
  const commit = await tagCommit(tag, git);
  if (!commit) throw getError("ERESUMEUNKNOWNTAG", { tag });
  const head = await headCommit(git);
  if (head !== commit) throw getError("ERESUMENOTATTAG", { tag, head, commit });

  const config = await readReleaseConfig(cwd);
  const plugins = bundlePlugins(config);
  if (plugins.length === 0) {
    throw getError("ERESUMECONFIG", { reason: `${config.file} lists no ${BUNDLE} plugin` });
  }
  const tagFormat = typeof config.globals.tagFormat === "string" ? config.globals.tagFormat : "v${version}";
  const version = versionFromTag(tag, tagFormat);
  if (!version) throw getError("ERESUMETAGFORMAT", { tag, tagFormat });

  const cargo = (listed(config, BUNDLE) ?? plugins[0]!).pluginConfig;
  // Like every command that writes, resume first finishes (or drops) a version bump a kill interrupted.
  const ws = await startBump({
    cwd,
    env,
    manifestPath: typeof cargo.manifestPath === "string" ? cargo.manifestPath : "Cargo.toml",
  });
  const names = Array.isArray(cargo.packages) ? (cargo.packages as string[]) : undefined;
  const cargoVersion = currentVersion(selectReleasePackages(ws, names));
  if (cargoVersion !== version) throw getError("ERESUMEVERSION", { tag, version, cargoVersion });

  const configured =
    typeof config.globals.repositoryUrl === "string" ? config.globals.repositoryUrl : undefined;
  const repositoryUrl = configured ?? (await originUrl(git));
  if (!repositoryUrl) {
    throw getError("ERESUMECONFIG", {
      reason: `${config.file} has no repositoryUrl and there is no origin remote`,
    });
  }
  const pushed = await remoteTagCommit(repositoryUrl, tag, git);
  if (pushed !== commit) {
    throw getError("ERESUMETAGNOTPUSHED", {
      tag,
      remote: repositoryUrl,
      commit,
      ...(pushed ? { found: pushed } : {}),
    });
  }
  const { branch, channel } = resumeBranch(config.globals.branches, req.channel);
  return {
    cwd,
    env,
    config,
    plugins,
    repositoryUrl,
    branch,
    release: { version, gitTag: tag, gitHead: commit, channel, name: tag },
  };
}
