import { link } from "./docs.js";

const list = (items: readonly string[]) => items.map((i) => `- ${i}`).join("\n");

/** Errors of `semantic-release-rust/github`. */
export const githubErrors = {
  ENOGHTOKEN: (a: { owner: string; repo: string }) => ({
    message: "No GitHub token specified.",
    details: `Set the \`GH_TOKEN\` or \`GITHUB_TOKEN\` environment variable to a token that can write releases of \`${a.owner}/${a.repo}\` (a fine-grained token with "Contents: read and write", or a classic token with the \`repo\` scope). See [GitHub authentication](${link("github-authentication")}).`,
  }),
  EINVALIDGHTOKEN: (a: { owner: string; repo: string }) => ({
    message: "Invalid GitHub token.",
    details: `GitHub answered 401 Bad credentials to the token in \`GH_TOKEN\`/\`GITHUB_TOKEN\` while reading \`${a.owner}/${a.repo}\`. The token may be mistyped, expired or revoked: create a new one and update the variable.`,
  }),
  EGHNOPERMISSION: (a: { owner: string; repo: string }) => ({
    message: `The GitHub token cannot write to ${a.owner}/${a.repo}.`,
    details: `Creating releases and uploading assets needs push access. Give the token "Contents: read and write" (fine-grained) or the \`repo\` scope (classic), from an account with write access to \`${a.owner}/${a.repo}\`.`,
  }),
  EMISSINGREPO: (a: { owner: string; repo: string; apiUrl: string }) => ({
    message: `The repository ${a.owner}/${a.repo} was not found on ${a.apiUrl}.`,
    details: `Check the \`repositoryUrl\` of your semantic-release configuration (or \`repository\` in \`package.json\`), that the token can see the repository, and for GitHub Enterprise the [\`githubUrl\`/\`githubApiUrl\`](${link("options")}) options or \`GH_URL\`/\`GITHUB_API_URL\`.`,
  }),
  EINVALIDREPOSITORYURL: (a: { repositoryUrl: string }) => ({
    message: "The repository URL does not name a GitHub repository.",
    details: `\`${a.repositoryUrl}\` has no \`owner/repo\` path. Set \`repositoryUrl\` to the repository's GitHub URL, such as \`https://github.com/owner/repo.git\`.`,
  }),
  ENONEXTRELEASE: (a: { step: string }) => ({
    message: `${a.step} was called without a release (no \`nextRelease\`).`,
    details: `semantic-release gives \`nextRelease\` (version, tag, notes) to the \`publish\`, \`success\` and \`addChannel\` steps of \`semantic-release-rust/github\`. Run the plugin from semantic-release (24.1 or newer) rather than calling its steps yourself; to finish a release that failed after its tag was pushed, use [\`semantic-release-rust resume\`](${link("cli")}).`,
  }),
  EPUBLICRELEASE: (a: { upstream: string }) => ({
    message: `${a.upstream} would make the release public before its assets are verified.`,
    details: `\`${a.upstream}\` is listed with \`semantic-release-rust/github\` without \`draftRelease: true\`: its publish creates a public release (users and \`releases/latest\` see it) while the archives are not uploaded or their digests not yet checked. The [\`requireDraftRelease\`](${link("options")}) option refuses that. Give it the option:

\`\`\`json
["${a.upstream}", { "draftRelease": true }]
\`\`\`

\`semantic-release-rust/github\` then publishes the draft once every asset's digest matches. Nothing was pushed.`,
  }),
  ESPLITUPSTREAM: (a: { upstream: string; reasons: string[] }) => ({
    message: `${a.upstream} would publish or announce the release before \`semantic-release-rust finish\`.`,
    details: `With \`"rustRelease": "split"\` the release of the tag stays one draft until \`finish\` has checked every target's build, and nothing announces it before. As listed, \`${a.upstream}\`:
${list(a.reasons)}

List it as:

\`\`\`json
["${a.upstream}", { "draftRelease": true, "successCommentCondition": false, "addReleases": false }]
\`\`\`

or leave it out: \`semantic-release-rust/github\` creates the draft itself. Nothing was pushed.`,
  }),
  EASSETPATH: (a: { pattern: string; file: string; target: string }) => ({
    message: `The \`assets\` pattern \`${a.pattern}\` matches \`${a.file}\`, which leads outside the repository (${a.target}).`,
    details: `Nothing was published. Release assets are files of the repository (or built into it): a pattern that climbs out of it, a file in \`.git\`, or a link to a file elsewhere (such as \`~/.ssh\` or \`/etc\`) is never uploaded. Change the pattern, or copy the file into the repository in an earlier step.`,
  }),
  EMISSINGASSET: (a: { files: string[] }) => ({
    message: `${a.files.length} expected release asset${a.files.length > 1 ? "s are" : " is"} missing.`,
    details: `Nothing was published: these files are listed in \`manifest.json\` or matched by no file for an \`assets\` pattern:
${list(a.files.map((f) => `\`${f}\``))}

Make sure \`semantic-release-rust/binaries\` (or the step that builds them) runs in \`prepare\` before this plugin, and that no step deletes or changes the files in between.`,
  }),
  EDUPLICATEASSET: (a: { names: string[] }) => ({
    message: `Several files would upload as the same asset name: ${a.names.join(", ")}.`,
    details: `A release cannot hold two assets of one name. Give the [\`assets\`](${link("options")}) entries distinct \`name\` templates, or narrow their patterns.`,
  }),
  EASSETCONFLICT: (a: { release: string; assets: { name: string; remote: string; local: string }[] }) => ({
    message: `The release ${a.release} already has ${a.assets.length > 1 ? "assets" : "an asset"} with other content.`,
    details: `These assets exist with a different sha256 than the local files:
${list(a.assets.map((x) => `\`${x.name}\`: release has \`${x.remote}\`, local file is \`sha256:${x.local}\``))}

They may come from another build of the same version. Delete them from the release, or set the [\`replaceAssets\`](${link("options")}) option to \`true\` to replace them.`,
  }),
  EDIGESTMISMATCH: (a: {
    release: string;
    assets: { name: string; expected: string; actual: string }[];
    /** Whether the release was still a draft (it then stays one); a release already published stays published. */
    draft?: boolean;
  }) => ({
    message: `Uploaded assets of ${a.release} do not match the local files.`,
    details: `After the upload GitHub reports other digests${a.draft === false ? " (the release was already published by another plugin: check it before users download these files)" : ", so the release was left a draft"}:
${list(a.assets.map((x) => `\`${x.name}\`: expected \`sha256:${x.expected}\`, GitHub has \`${x.actual}\``))}

A file may have changed during the upload, or the upload was corrupted. Run the release again: assets that match are skipped and the others are replaced with \`replaceAssets: true\`.`,
  }),
  ENOUPSTREAMRELEASE: (a: { tag: string; owner: string; repo: string }) => ({
    message: `Found no GitHub release for ${a.tag} in ${a.owner}/${a.repo} to upload the assets to.`,
    details: `\`@semantic-release/github\` is listed after \`semantic-release-rust/github\`, so it creates the release in its publish step and this plugin uploads the assets in \`success\`. No release of \`${a.tag}\` was found, drafts included. Check that both plugins point to the same repository and GitHub server (\`repositoryUrl\`, [\`githubUrl\`/\`githubApiUrl\`](${link("options")})), or list \`semantic-release-rust/github\` alone: it then creates the release itself.`,
  }),
  EASSETTEMPLATE: (a: { option: string; template: string; reason: string }) => ({
    message: `The \`${a.option}\` template ${JSON.stringify(a.template)} is not usable: ${a.reason}.`,
    details: `Asset names must render to one plain file name (not empty, without \`/\`, \`\\\`, \`..\`, line breaks or control characters) and labels to one line, for every version and channel; templates may only use the placeholders of the [\`${a.option.split("[")[0]}\`](${link("options")}) option. Nothing was released.`,
  }),
  EGITHUBAPI: (a: { method: string; url: string; status: number | string; message: string }) => ({
    message: `GitHub answered ${a.status} to ${a.method} ${a.url}: ${a.message}`,
    details: `The request failed${typeof a.status === "number" && a.status >= 500 ? " after every retry" : ""}. Check [GitHub's status](https://www.githubstatus.com) and the token's permissions, then run the release again: it resumes where it stopped.`,
  }),
  EATTESTATION: (a: { repository: string; status: number | string; message: string }) => ({
    message: `GitHub refused the provenance attestation of ${a.repository} (${a.status}): ${a.message}`,
    details: `With \`attestations: true\` the Sigstore bundle of \`provenance.intoto.json\` is registered through [GitHub's artifact attestations API](https://docs.github.com/rest/repos/attestations). The token needs write access to the repository (a workflow job: \`permissions: attestations: write\`; a fine-grained token: the "Attestations" write permission); 422 means GitHub did not accept the bundle. The release itself is complete: fix the permission and run \`semantic-release-rust resume\`, or turn \`attestations\` off.`,
  }),
} as const;
