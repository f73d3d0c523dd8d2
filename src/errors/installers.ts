import { link } from "./docs.js";

const list = (items: readonly string[]) => items.map((i) => `- ${i}`).join("\n");

/** A file pushed to a repository (the formula to the tap, the manifest to the Scoop bucket). */
interface Pushed {
  /** `the Homebrew formula` */
  file: string;
  /** `formula` */
  short: string;
  /** `the tap` */
  repo: string;
  /** The option naming the repository: `tap`, `scoop`. */
  option: string;
  tokenEnv: string;
}

const TAP: Pushed = {
  file: "the Homebrew formula",
  short: "formula",
  repo: "the tap",
  option: "tap",
  tokenEnv: "HOMEBREW_TAP_TOKEN",
};
const BUCKET: Pushed = {
  file: "the Scoop manifest",
  short: "manifest",
  repo: "the bucket",
  option: "scoop",
  tokenEnv: "SCOOP_BUCKET_TOKEN",
};

/** A failed git step of a push. */
const pushFailed = (p: Pushed, a: { where: string; step: string; reason: string }) => ({
  message: `Pushing ${p.file} to ${a.where} failed (${a.step}).`,
  details: `git said: ${a.reason}

Check the [\`${p.option}\`](${link("options")}) option${p.option === "scoop" ? "'s `bucket`" : ""} and that the token in \`${p.tokenEnv}\` can push to it. The GitHub release is complete; run the release again (\`semantic-release-rust resume\`) once this is fixed: a ${p.short} already in ${p.repo} is not committed twice.`,
});

/** Archives a pushed file names that do not download with the build's sha256. */
const assetsMissing = (p: Pushed, assets: { url: string; problem: string }[]) => ({
  message: `The archives ${p.file} points at are not downloadable as built.`,
  details: `The ${p.short} is pushed only when every archive it names can be downloaded and has the SHA-256 of the build:
${list(assets.map((x) => `\`${x.url}\`: ${x.problem}`))}

List \`semantic-release-rust/installers\` after \`semantic-release-rust/github\`, and let the release leave draft (\`draftRelease: false\`): draft assets are not public. Nothing was pushed to ${p.repo}.`,
});

/** Errors of `semantic-release-rust/installers` (install scripts and the Homebrew tap). */
export const installersErrors = {
  EINSTALLERSORDER: (a: { plugin: string; other: string; why: string }) => ({
    message: `List \`${a.plugin}\` after \`${a.other}\` in \`plugins\`.`,
    details: `${a.why} semantic-release runs each step in the order of \`plugins\`. See [Installers](${link("installers")}).`,
  }),
  ENOINSTALLERARCHIVE: (a: { installer: string; platforms: string; targets: string[] }) => ({
    message: `No archive for ${a.installer}: it needs one for ${a.platforms}.`,
    details: `The archives of this release are for:
${list(a.targets.length ? a.targets.map((t) => `\`${t}\``) : ["no target"])}

Add such a target to the \`targets\` of \`semantic-release-rust/binaries\`, or leave \`${a.installer}\` out of the [\`installers\`](${link("options")}) option.`,
  }),
  ENODOWNLOADURL: (a: { repositoryUrl: string }) => ({
    message: "The installers do not know where the archives are downloaded from.",
    details: `\`${a.repositoryUrl}\` is not a github.com repository, so the release's download folder cannot be derived. Set the [\`downloadUrl\`](${link("options")}) option, such as \`https://github.example.com/owner/repo/releases/download/{gitTag}\`.`,
  }),
  EFORMULANAME: (a: { name: string }) => ({
    message: `\`${a.name}\` cannot be a Homebrew formula name.`,
    details: `Formula names are lower-case letters, digits, \`-\`, \`_\`, \`.\` and \`+\`, starting with a letter or digit. Set the [\`name\`](${link("options")}) option of \`semantic-release-rust/installers\`.`,
  }),
  ENOTAP: (a: { repositoryUrl: string }) => ({
    message: "No Homebrew tap to push the formula to.",
    details: `The default tap is \`{owner}/homebrew-tap\` of the repository, but \`${a.repositoryUrl}\` names no owner. Set the [\`tap\`](${link("options")}) option to \`owner/homebrew-tap\` or to the tap's git URL.`,
  }),
  ENOTAPTOKEN: (a: { tap: string }) => ({
    message: `No token to push the Homebrew formula to ${a.tap}.`,
    details: `Set \`HOMEBREW_TAP_TOKEN\` (or \`GH_TOKEN\`/\`GITHUB_TOKEN\`) to a token that can push to \`${a.tap}\` ("Contents: read and write"). It is handed to git through the environment, never on a command line or in a URL.`,
  }),
  ETAPPUSH: (a: { tap: string; step: string; reason: string }) =>
    pushFailed(TAP, { where: a.tap, step: a.step, reason: a.reason }),
  EFORMULAASSETS: (a: { assets: { url: string; problem: string }[] }) => assetsMissing(TAP, a.assets),
  ENOBUCKET: (a: { repositoryUrl: string }) => ({
    message: "No Scoop bucket to push the manifest to.",
    details: `The default bucket is \`{owner}/scoop-bucket\` of the repository, but \`${a.repositoryUrl}\` names no owner. Set the [\`scoop\`](${link("options")}) option to \`{ "bucket": "owner/scoop-bucket" }\` or to the bucket's git URL.`,
  }),
  ENOBUCKETTOKEN: (a: { bucket: string }) => ({
    message: `No token to push the Scoop manifest to ${a.bucket}.`,
    details: `Set \`SCOOP_BUCKET_TOKEN\` (or \`GH_TOKEN\`/\`GITHUB_TOKEN\`) to a token that can push to \`${a.bucket}\` ("Contents: read and write"). It is handed to git through the environment, never on a command line or in a URL.`,
  }),
  EBUCKETPUSH: (a: { bucket: string; step: string; reason: string }) =>
    pushFailed(BUCKET, { where: a.bucket, step: a.step, reason: a.reason }),
  ESCOOPASSETS: (a: { assets: { url: string; problem: string }[] }) => assetsMissing(BUCKET, a.assets),
  ENOWINGETPUBLISHER: (a: { repositoryUrl: string }) => ({
    message: "No publisher for the winget manifests.",
    details: `The default publisher is the owner of the repository, but \`${a.repositoryUrl}\` names no owner. Set the [\`winget\`](${link("options")}) option to \`{ "publisher": "Acme" }\`.`,
  }),
  EWINGETID: (a: { id: string }) => ({
    message: `\`${a.id}\` cannot be a winget package identifier.`,
    details: `winget-pkgs takes 2 to 8 parts separated by dots (\`Publisher.Package\`), each of 1 to 32 characters without spaces, \`\\\`, \`/\`, \`:\`, \`*\`, \`?\`, \`"\`, \`<\`, \`>\` or \`|\`, 128 characters at most. Set \`packageIdentifier\` in the [\`winget\`](${link("options")}) option.`,
  }),
  EWINGETPUBLISHER: (a: { publisher: string }) => ({
    message: `\`${a.publisher}\` cannot be a winget publisher.`,
    details: `The winget schema takes a publisher of 2 to 256 characters. Set \`publisher\` in the [\`winget\`](${link("options")}) option.`,
  }),
  ELINUXPACKAGEFILES: (a: { option: string; pattern: string; cwd: string }) => ({
    message: `\`${a.pattern}\` of the \`linuxPackages.${a.option}\` option names no file to package.`,
    details: `The [\`linuxPackages\`](${link("options")}) option's \`manPages\` globs and \`completions\` paths are read from \`${a.cwd}\`, and man pages end in their section (\`rgreet.1\`, \`rgreet.5.gz\`). Generate the files before \`semantic-release-rust/installers\` runs (in the build, or with \`@semantic-release/exec\` in prepare), or fix the path. No package was written.`,
  }),
  ENOMAINTAINER: (a: { repositoryUrl: string }) => ({
    message: "The .deb and .rpm packages need a maintainer.",
    details: `No \`authors\` entry of \`Cargo.toml\` has an e-mail address (\`Name <mail@example.com>\`), and \`${a.repositoryUrl}\` is not a github.com repository whose owner's \`users.noreply.github.com\` address could stand in. Set \`linuxPackages.maintainer\` of [\`semantic-release-rust/installers\`](${link("options")}) to \`Name <mail@example.com>\`.`,
  }),
} as const;
