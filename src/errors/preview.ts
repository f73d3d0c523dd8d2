import { link } from "./docs.js";

/** Errors of the `preview` command: what it needs from the checkout and from GitHub. */
export const previewErrors = {
  EPREVIEWSHALLOW: (a: { reason: string }) => ({
    message: `The checkout is shallow and the history could not be fetched: ${a.reason}.`,
    details: `\`semantic-release-rust preview\` needs the commits since the last release and its tag. It tried \`git fetch --unshallow --tags origin\` and could not. In GitHub Actions set \`fetch-depth: 0\` on \`actions/checkout\` (elsewhere, clone without \`--depth\`, or run \`git fetch --unshallow --tags\` first).

See [the CLI](${link("cli")}).`,
  }),
  EPREVIEWBASE: (a: { base: string; reason: string }) => ({
    message: `The base branch ${a.base} cannot be found: ${a.reason}.`,
    details: `The preview compares the branch with what it would be merged into: \`--base\`, else \`GITHUB_BASE_REF\` (set on pull requests), else the first release branch of \`branches\`. Neither \`origin/${a.base}\` nor \`${a.base}\` exists here and \`git fetch origin ${a.base}\` failed. Fetch the branch, check out with \`fetch-depth: 0\`, or pass another \`--base\`.`,
  }),
  EPREVIEWTARGET: (a: { reason: string }) => ({
    message: `Cannot tell which pull request to comment on: ${a.reason}.`,
    details: `\`--comment\` writes one comment on the pull request: its number comes from \`--pr\`, else from \`pull_request.number\` of the event in \`GITHUB_EVENT_PATH\`; the repository from \`GITHUB_REPOSITORY\`, else the \`repositoryUrl\` of the release configuration. Pass \`--pr N\` (and set \`GITHUB_REPOSITORY\` outside GitHub Actions), or run it on a \`pull_request\` event.`,
  }),
  EPREVIEWCOMMENT: (a: { action: string; status: number; message: string; repo: string }) => ({
    message: `GitHub refused to ${a.action} the preview comment on ${a.repo}: ${a.status} ${a.message}.`,
    details: `${a.status === 403 ? "The token can read but not write: on pull requests from forks GitHub gives the job a read-only `GITHUB_TOKEN`. Pass `--markdown-out FILE` so the preview is kept as a file, upload it as an artifact and post it from a `workflow_run` workflow (see `.github/workflows/preview-comment.yml`), or give the job `permissions: pull-requests: write`." : a.status === 401 ? "The token in `GITHUB_TOKEN`/`GH_TOKEN` is wrong, expired or revoked." : "Check the pull request number and the repository, then run the preview again: the comment is found by its hidden marker and updated in place."}

See [the CLI](${link("cli")}).`,
  }),
  EPREVIEWANALYZE: (a: { reason: string }) => ({
    message: `The commit-analyzer could not analyse the commits: ${a.reason}.`,
    details: `\`preview\` runs \`@semantic-release/commit-analyzer\` with the options your release configuration gives it (\`preset\`, \`config\`, \`releaseRules\`, \`parserOpts\`). A \`preset\` other than \`angular\` needs its package installed in the repository (\`conventional-changelog-<preset>\`), as semantic-release itself needs it.`,
  }),
} as const;
