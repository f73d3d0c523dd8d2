import { tagFormatOf } from "../config/release-config.js";
import { listed, type ReleaseConfig } from "../config/release-config.js";
import { getError } from "../errors/get-error.js";
import { renderTagFormat } from "../config/templates.js";
import { releaseBranchNames, typeBranch, type BaseBranch } from "./branches.js";
import {
  baseCommit,
  branchRefs,
  commitsBetween,
  ensureHistory,
  firstExisting,
  headState,
  mergeRefParents,
  type Commit,
} from "./git-history.js";
import { releaseTags, type ReleaseTag } from "../git/release-tags.js";
import type { Git } from "../git/run.js";
import { analyzeCommits } from "./analyzer-thread.js";
import { lastReleaseOf, nextVersionOf, outOfRange, type ReleaseType } from "./next-version.js";

const ANALYZER = "@semantic-release/commit-analyzer";

export interface PreviewRequest extends Git {
  rc: ReleaseConfig | undefined;
  /** `--base`: the branch the pull request merges into. */
  base?: string;
  /** `--title`: the squash commit's message. */
  title?: string;
  log: (message: string) => void;
  /** Called once the commits are read, before they are analyzed: work that would delay the git reads starts here. */
  onCommits?: () => void;
}

/** The release a merge would make: `nextRelease` null with the reason when it releases nothing. */
export interface Outcome {
  nextRelease: { version: string; type: ReleaseType; gitTag: string } | null;
  reason?: string;
}

export interface Analysis {
  base: { name: string; type: BaseBranch["type"] | "none"; commit: string };
  head: string;
  lastRelease: ReleaseTag | null;
  /** The commits merged, newest first, each with the release it triggers alone (null: none). */
  commits: { hash: string; subject: string; type: ReleaseType | null }[];
  /** Merging the commits as they are. */
  merge: Outcome;
  /** A squash merge whose message is the title; null without a title. */
  squash: (Outcome & { title: string }) | null;
  warnings: string[];
}

/** The base branch's name: `--base`, else `GITHUB_BASE_REF`, else the first release branch of `branches` that exists. */
const baseName = async (r: PreviewRequest, refs: Map<string, string>): Promise<string> => {
  const names = releaseBranchNames(r.rc);
  return (
    r.base ??
    (r.env.GITHUB_BASE_REF || undefined) ??
    (await firstExisting(r, names, refs)) ??
    names[0] ??
    "main"
  );
};

/** The release type of these commits by the real commit-analyzer with the repository's own options for it. */
async function releaseType(r: PreviewRequest, commits: Commit[], lastRelease: ReleaseTag | null) {
  if (commits.length === 0) return null;
  const entry = r.rc && listed(r.rc, ANALYZER);
  const pluginConfig = entry?.pluginConfig ?? { ...r.rc?.globals };
  try {
    return await analyzeCommits(pluginConfig, {
      commits,
      cwd: r.cwd,
      env: r.env,
      options: { ...r.rc?.globals },
      lastRelease: lastRelease ?? {},
    });
  } catch (error) {
    throw getError("EPREVIEWANALYZE", { reason: (error as Error).message.split("\n")[0] ?? "" });
  }
}

/**
 * Starts the analyzer on one made-up commit with the repository's options, result unused: its first analysis loads
 * the preset (`conventional-changelog-angular`...), which then happens while git reads the history.
 */
export function warmUpAnalyzer(r: Pick<PreviewRequest, "cwd" | "env" | "rc">): void {
  const commit = { hash: "0".repeat(40), message: "chore: warm up the commit analyzer" };
  releaseType({ ...r, log: () => undefined }, [commit], null).catch(() => undefined);
}

/** Each commit with the release type it triggers alone (the first 100; the rest `null`). */
async function commitTypes(r: PreviewRequest, commits: Commit[], last: ReleaseTag | null) {
  const types = await Promise.all(commits.map((c, i) => (i < 100 ? releaseType(r, [c], last) : null)));
  return commits.map((c, i) => ({
    hash: c.hash,
    subject: c.message.split("\n")[0] ?? "",
    type: types[i] ?? null,
  }));
}

/** What releasing these commits on the base branch makes. */
async function outcome(
  r: PreviewRequest,
  commits: Commit[],
  ctx: { branch: BaseBranch | undefined; last: ReleaseTag | null; tags: ReleaseTag[]; tagFormat: string },
): Promise<Outcome> {
  if (!ctx.branch)
    return { nextRelease: null, reason: "the base branch is not a release branch in `branches`" };
  if (commits.length === 0) return { nextRelease: null, reason: "no commits to merge" };
  const type = await releaseType(r, commits, ctx.last);
  if (!type)
    return {
      nextRelease: null,
      reason: "no commit is a fix, a feature or a breaking change (commit-analyzer rules)",
    };
  const version = nextVersionOf(ctx.last ?? undefined, type, ctx.branch, ctx.tags);
  const refused = outOfRange(version, ctx.branch);
  if (refused) return { nextRelease: null, reason: refused };
  const gitTag = renderTagFormat(ctx.tagFormat, version).tag ?? ctx.tagFormat;
  return { nextRelease: { version, type, gitTag } };
}

/** Whether a commit header is conventional (`type(scope)!: subject`, or the user's `parserOpts.headerPattern`). */
function isConventional(r: PreviewRequest, title: string): boolean {
  const parserOpts = (r.rc && listed(r.rc, ANALYZER)?.options.parserOpts) as
    { headerPattern?: unknown } | undefined;
  const pattern = parserOpts?.headerPattern;
  const re =
    pattern instanceof RegExp ? pattern : typeof pattern === "string" ? new RegExp(pattern) : undefined;
  return (re ?? /^(\w*)(?:\((.*)\))?!?: (.*)$/).test(title.split("\n")[0] ?? "");
}

const describe = (o: Outcome) =>
  o.nextRelease ? `${o.nextRelease.version} (${o.nextRelease.type})` : "nothing";

/** The squash merge's outcome and the warnings about its title. */
async function squashOutcome(
  r: PreviewRequest,
  head: string,
  merging: Promise<Outcome>,
  ctx: Parameters<typeof outcome>[2],
) {
  const title = r.title?.trim();
  if (!title) return { squash: null, warnings: [] as string[] };
  const [squashed, merge] = await Promise.all([outcome(r, [{ hash: head, message: title }], ctx), merging]);
  const squash = { title, ...squashed };
  const warnings: string[] = [];
  if (!isConventional(r, title))
    warnings.push(
      `The title "${title}" is not a conventional commit: a squash merge with it as the message releases ${describe(squash)}.`,
    );
  if (describe(squash) !== describe(merge))
    warnings.push(
      `A squash merge titled "${title}" releases ${describe(squash)}, a merge of the commits releases ${describe(merge)}.`,
    );
  return { squash, warnings };
}

/** What merging HEAD into the base branch would release, computed as semantic-release would, writing nothing. */
export async function analyzePreview(r: PreviewRequest): Promise<Analysis> {
  // Few git calls, the independent ones together: each costs a process start.
  const state = await headState(r);
  const fetched = await ensureHistory(r, state);
  if (fetched) r.log(fetched);
  const [refs, mergeRef] = await Promise.all([branchRefs(r), mergeRefParents(r, state)]);
  const name = await baseName(r, refs);
  const base = mergeRef?.base ?? (await baseCommit(r, name, refs));
  const head = mergeRef?.head ?? state.commit ?? "HEAD";
  const tagFormat = tagFormatOf(r.rc);
  const branch = typeBranch(r.rc, name);
  const [tags, commits] = await Promise.all([releaseTags(r, base, tagFormat), commitsBetween(r, base, head)]);
  const last = branch ? (lastReleaseOf(tags, branch) ?? null) : (tags[0] ?? null);
  const ctx = { branch, last, tags, tagFormat };
  // The analyses of the merge, of the squash merge and of each commit go to the analyzer together.
  r.onCommits?.();
  const merging = outcome(r, commits, ctx);
  const typing = commitTypes(r, commits, last);
  typing.catch(() => undefined);
  const { squash, warnings } = await squashOutcome(r, head, merging, ctx);
  const merge = await merging;
  if (!branch)
    warnings.unshift(
      `The base branch ${name} is not a release branch in \`branches\`: merging releases nothing.`,
    );
  if (merge.reason?.includes("EINVALIDNEXTVERSION")) warnings.unshift(`${merge.reason}.`);
  return {
    base: { name, type: branch?.type ?? "none", commit: base },
    head,
    lastRelease: last,
    commits: await typing,
    merge,
    squash,
    warnings,
  };
}
