import type { ReleasePlan } from "../plan/release-plan.js";
import type { Analysis, Outcome } from "./analyze.js";
import type { PreviewSizes } from "./sizes.js";

/** What `preview --json` prints: the release a merge would make, a squash merge's, and the plan at that version. */
export interface PreviewReport {
  /** The last release on the base branch, or null before the first. */
  lastRelease: { version: string; gitTag: string } | null;
  /** What merging the commits as they are releases; null when nothing (see `reason`). */
  nextRelease: Outcome["nextRelease"];
  /** Why the merge releases nothing. */
  reason?: string;
  /** A squash merge with `--title` as its message; null without a title. */
  squash: { title: string; nextRelease: Outcome["nextRelease"]; reason?: string } | null;
  /** Read these first: a title that is not conventional or releases differently, a branch that does not release. */
  warnings: string[];
  base: Analysis["base"];
  head: string;
  commits: Analysis["commits"];
  /** Every semantic-release-rust plugin's plan at the next version (`planRelease`); null when nothing is released. */
  plan: ReleasePlan | null;
  /** Binaries' and archives' sizes, their change and the size gate's verdict; only when the binaries plugin is listed. */
  sizes?: PreviewSizes;
}

/** The report of an analysis and its plan. */
export function previewReport(a: Analysis, plan: ReleasePlan | null, sizes?: PreviewSizes): PreviewReport {
  return {
    lastRelease: a.lastRelease && { version: a.lastRelease.version, gitTag: a.lastRelease.gitTag },
    nextRelease: a.merge.nextRelease,
    ...(a.merge.reason ? { reason: a.merge.reason } : {}),
    squash: a.squash,
    warnings: [...a.warnings, ...planWarnings(plan), ...(sizes?.warnings ?? [])],
    base: a.base,
    head: a.head,
    commits: a.commits,
    plan,
    ...(sizes ? { sizes } : {}),
  };
}

/** A plugin whose plan could not be made is a warning too. */
const planWarnings = (plan: ReleasePlan | null): string[] =>
  (plan?.plugins ?? []).flatMap((p) =>
    p.problems.map((x) => `${p.plugin}: ${x.code ? `${x.code} ` : ""}${x.message}`),
  );

/** One line saying what a merge releases: `0.1.1 (patch) as v0.1.1`, or `no release: <reason>`. */
export const releaseLine = (next: Outcome["nextRelease"], reason: string | undefined): string =>
  next ? `${next.version} (${next.type}) as ${next.gitTag}` : `nothing: ${reason ?? "no commit to release"}`;
