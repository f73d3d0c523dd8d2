import { parseRepositoryUrl } from "../../src/github/parse-repository-url.js";
import { startGitHubStandIn, type GitHubStandIn } from "./github-server.js";

export interface GitHubDemo {
  standIn: GitHubStandIn;
  /** Environment for semantic-release: `GITHUB_API_URL` and `GH_TOKEN` of the stand-in. */
  env: Record<string, string>;
  /** Plugin entries to append to `plugins`: @semantic-release/github (no comments), then semantic-release-rust/github. */
  plugins: unknown[];
  /** The release of `tag` as a user sees it: its URL, state and every asset with size and digest. */
  report(repositoryUrl: string, tag: string): string;
  stop(): Promise<void>;
}

/** Starts the local GitHub stand-in for the demo and says how to publish to it and what it now holds. */
export async function startGitHubDemo(): Promise<GitHubDemo> {
  const standIn = await startGitHubStandIn();
  return {
    standIn,
    env: standIn.env(),
    plugins: [
      [
        "@semantic-release/github",
        { draftRelease: true, successCommentCondition: false, failCommentCondition: false },
      ],
      "semantic-release-rust/github",
    ],
    report(repositoryUrl, tag) {
      const { owner = "", repo = "" } = parseRepositoryUrl(repositoryUrl);
      const release = standIn.state.releaseByTag(owner, repo, tag, true);
      if (!release) return `No GitHub release for ${tag}`;
      const slug = `${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`;
      // The release's html_url: the stand-in serves that page (drafts live under `untagged-...`).
      const page = release.draft ? `untagged-${release.untagged}` : encodeURIComponent(tag);
      const lines = [
        `GitHub release ${tag} (${release.draft ? "draft" : release.prerelease ? "prerelease" : "published"}): ${standIn.url}/${slug}/releases/tag/${page}`,
      ];
      for (const a of standIn.state.assetsOf(release.id)) {
        lines.push(`  ${a.name.padEnd(52)} ${String(a.size).padStart(10)} B  ${a.digest ?? a.state}`);
      }
      return lines.join("\n");
    },
    stop: () => standIn.stop(),
  };
}
