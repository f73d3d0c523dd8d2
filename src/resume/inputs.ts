import { tagFormatOf } from "../config/release-config.js";
import { CARGO_PLUGIN } from "../plugins.js";
import { currentVersion, selectReleasePackages } from "../cargo/release-packages.js";
import { dirname, resolve } from "node:path";
import { assertNoInterruptedBump } from "../cargo/bump-journal.js";
import { startBump } from "../cargo/set-version.js";
import { loadWorkspace } from "../cargo/workspace.js";
import { getError, throwAll } from "../errors/get-error.js";
import type { BranchSpec, Release } from "../types.js";
import { optionInjection } from "../util/argv.js";
import { versionProblem } from "../util/version.js";
import { resumeBranch } from "./branch.js";
import {
  bundlePlugins,
  listed,
  readReleaseConfig,
  RELEASE_CONFIG_FILES,
  type ListedPlugin,
  type ReleaseConfig,
} from "../config/release-config.js";
import { originUrl } from "../git/run.js";
import { headCommit, remoteTagCommit, tagCommit, tagVersion } from "./tag.js";

/** The repository's release configuration; `ERESUMECONFIG` when there is none or it is not JSON. */
async function resumeConfig(cwd: string): Promise<ReleaseConfig> {
  const config = await readReleaseConfig(cwd).catch((error: unknown) => {
    throw getError("ERESUMECONFIG", { reason: (error as Error).message });
  });
  if (config) return config;
  throw getError("ERESUMECONFIG", {
    reason: `no release configuration in ${cwd} (looked for ${RELEASE_CONFIG_FILES.join(", ")})`,
  });
}

interface ResumeRequest {
  cwd: string;
  env: NodeJS.ProcessEnv;
  tag: string;
  /** The release's channel; the main channel (`null`) when absent. */
  channel?: string;
  /** `--dry-run`: only read; an interrupted bump is reported (`EBUMPINTERRUPTED`), not finished. */
  dryRun?: boolean;
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

const present = <T>(x: T | undefined): x is T => x !== undefined;

/** The configured repository URL and the branch resumed, refused when one begins with `-`. */
function configValues(config: ReleaseConfig, channel: string | undefined) {
  const configured =
    typeof config.globals.repositoryUrl === "string" ? config.globals.repositoryUrl : undefined;
  const resumed = resumeBranch(config.globals.branches, channel);
  throwAll(
    [
      configured === undefined
        ? undefined
        : optionInjection("repository URL", configured, `repositoryUrl in ${config.file}`),
      optionInjection("branch", resumed.branch.name, `branches in ${config.file}`),
    ].filter(present),
  );
  return { configured, ...resumed };
}

/** The version the tag names, by `tagFormat`; `ERESUMETAGFORMAT` or `EINVALIDVERSION` when it names none. */
export function tagVersionOf(config: Pick<ReleaseConfig, "globals">, tag: string): string {
  const tagFormat = tagFormatOf(config);
  const version = tagVersion(tag, tagFormat);
  if (version === undefined) throw getError("ERESUMETAGFORMAT", { tag, tagFormat });
  const problem = versionProblem(version);
  if (problem) throw getError("EINVALIDVERSION", { version, reason: `${problem} (from the tag ${tag})` });
  return version;
}

/** Cargo must carry the tag's version (`ERESUMEVERSION`). */
async function cargoAtTagVersion(
  req: ResumeRequest,
  cargo: Record<string, unknown>,
  version: string,
): Promise<void> {
  const { cwd, env, tag } = req;
  // Like every command that writes, resume first finishes (or drops) a version bump a kill interrupted; a dry run
  // only reports it.
  const manifestPath = typeof cargo.manifestPath === "string" ? cargo.manifestPath : "Cargo.toml";
  if (req.dryRun) await assertNoInterruptedBump(dirname(resolve(cwd, manifestPath)));
  const ws = req.dryRun
    ? await loadWorkspace({ cwd, env, manifestPath })
    : await startBump({ cwd, env, manifestPath });
  const names = Array.isArray(cargo.packages) ? (cargo.packages as string[]) : undefined;
  const cargoVersion = currentVersion(selectReleasePackages(ws, names));
  if (cargoVersion !== version) throw getError("ERESUMEVERSION", { tag, version, cargoVersion });
}

/** The repository URL (configured, else the origin remote), whose tag must point at `commit`. */
async function pushedRepository(
  config: ReleaseConfig,
  configured: string | undefined,
  commit: string,
  { cwd, env, tag }: ResumeRequest,
): Promise<string> {
  const git = { cwd, env };
  const repositoryUrl = configured ?? (await originUrl(git));
  if (!repositoryUrl) {
    throw getError("ERESUMECONFIG", {
      reason: `${config.file} has no repositoryUrl and there is no origin remote`,
    });
  }
  if (configured === undefined)
    throwAll([optionInjection("repository URL", repositoryUrl, "the origin remote")].filter(present));
  const pushed = await remoteTagCommit(repositoryUrl, tag, git);
  if (pushed !== commit) {
    throw getError("ERESUMETAGNOTPUSHED", {
      tag,
      remote: repositoryUrl,
      commit,
      ...(pushed ? { found: pushed } : {}),
    });
  }
  return repositoryUrl;
}

/**
 * Checks the tag and reads the configuration the tag holds: the tag exists here, HEAD is at it, it matches
 * `tagFormat`, Cargo carries its version, and the remote has it at the same commit. Every failed check is a
 * `SemanticReleaseError` (bad input: nothing ran); only reading the remote can fail otherwise. A tag, channel,
 * branch or repository URL that begins with `-` is refused (`EOPTIONINJECTION`) before any command runs.
 * Runs only commands that read: `git rev-parse`, `git config --get remote.origin.url`, `git ls-remote`, `cargo metadata`.
 */
export async function resolveResume(req: ResumeRequest): Promise<ResumeInput> {
  const { cwd, env, tag } = req;
  const git = { cwd, env };
  throwAll(
    [
      optionInjection("tag", tag, "--tag"),
      req.channel === undefined ? undefined : optionInjection("channel", req.channel, "--channel"),
    ].filter(present),
  );
  // Read before any command, so that its values are checked first; a missing configuration is reported after
  // the tag checks (HEAD elsewhere than the tag is the likelier cause).
  const read = await resumeConfig(cwd).catch((error: unknown) => error as Error);
  const values = read instanceof Error ? undefined : configValues(read, req.channel);

  const commit = await tagCommit(tag, git);
  if (!commit) throw getError("ERESUMEUNKNOWNTAG", { tag });
  const head = await headCommit(git);
  if (head !== commit) throw getError("ERESUMENOTATTAG", { tag, head, commit });
  if (read instanceof Error || values === undefined) throw read;
  const config = read;
  const { configured, branch, channel } = values;

  const plugins = bundlePlugins(config);
  if (plugins.length === 0) {
    throw getError("ERESUMECONFIG", { reason: `${config.file} lists no ${CARGO_PLUGIN} plugin` });
  }
  const version = tagVersionOf(config, tag);
  await cargoAtTagVersion(req, (listed(config, CARGO_PLUGIN) ?? plugins[0]!).pluginConfig, version);
  const repositoryUrl = await pushedRepository(config, configured, commit, req);
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
