import { link } from "./docs.js";

const list = (items: readonly string[]): string => items.map((i) => `- ${i}`).join("\n");

/** Errors of the `resume` command: bad input, reported before anything runs (exit code 2). */
export const resumeErrors = {
  ERESUMECONFIG: (a: { reason: string }) => ({
    message: `Cannot resume: ${a.reason}.`,
    details: `\`semantic-release-rust resume\` reads the repository's JSON release configuration (\`.releaserc.json\`, \`.releaserc\` in JSON or \`package.json#release\`) to know which plugins to run and with which options. It must list at least one \`semantic-release-rust\` plugin.

See [the CLI](${link("cli")}).`,
  }),
  ERESUMEUNKNOWNTAG: (a: { tag: string }) => ({
    message: `Unknown tag ${a.tag}.`,
    details: `There is no tag \`${a.tag}\` in this clone. Fetch the tags (\`git fetch --tags\`) and give the tag the failed release pushed, such as \`v1.2.3\`.`,
  }),
  ERESUMETAGFORMAT: (a: { tag: string; tagFormat: string }) => ({
    message: `Tag ${a.tag} does not match the tag format ${a.tagFormat}.`,
    details: `The version comes from the tag through the configuration's \`tagFormat\` (\`${a.tagFormat}\`), and \`${a.tag}\` does not carry a semantic version in that format. Give the tag the release made.`,
  }),
  ERESUMETAGNOTPUSHED: (a: { tag: string; remote: string; found?: string; commit: string }) => ({
    message: a.found
      ? `Tag ${a.tag} points at ${a.found} on ${a.remote}, not at ${a.commit}.`
      : `Tag ${a.tag} is not on ${a.remote}.`,
    details: `\`resume\` finishes a release whose tag was pushed. ${a.found ? "Your local tag differs from the remote one: fetch the tags again (`git fetch --tags --force`)." : "semantic-release pushes the tag before publishing, so this release never started: run semantic-release again instead."}`,
  }),
  ERESUMENOTATTAG: (a: { tag: string; head: string; commit: string }) => ({
    message: `HEAD is ${a.head.slice(0, 12)}, not the commit of ${a.tag} (${a.commit.slice(0, 12)}): check out ${a.tag} first.`,
    details: `\`resume\` publishes what the tag holds, so the work tree must be at the tag's commit: run \`git checkout ${a.tag}\` and try again.`,
  }),
  ERESUMEVERSION: (a: { tag: string; version: string; cargoVersion: string }) => ({
    message: `Cargo says ${a.cargoVersion}, but ${a.tag} is version ${a.version}.`,
    details: `\`resume\` never bumps the Cargo version: the commit of \`${a.tag}\` must already carry ${a.version}, as it does when \`@semantic-release/git\` commits the bump. When your release does not commit the bump, run \`semantic-release-rust set-version ${a.version}\` in the checkout of \`${a.tag}\` first.`,
  }),
  EBUILDNOTATTAG: (a: { tag: string; head: string; commit: string }) => ({
    message: `HEAD is ${a.head.slice(0, 12)}, not the commit of ${a.tag} (${a.commit.slice(0, 12)}).`,
    details: `\`semantic-release-rust build --tag\` builds exactly what the tag holds, so every binary embeds the tag's commit: run \`git checkout ${a.tag}\` (in GitHub Actions, \`actions/checkout\` with \`ref: ${a.tag}\`) and build again.`,
  }),
  EBUILDTAGVERSION: (a: { tag: string; version: string; cargoVersion: string }) => ({
    message: `Cargo says ${a.cargoVersion}, but ${a.tag} is version ${a.version}.`,
    details: `\`build --tag\` never changes the manifests: the commit of \`${a.tag}\` must carry ${a.version}, as it does when the release commits the bump (\`@semantic-release/git\`) in the split release. With \`placeholderVersion\` (versions never committed), use \`build --version ${a.version}\` instead.`,
  }),
  EBUILDNEEDSTAG: (a: { version: string }) => ({
    message: `\`build --version ${a.version}\` is only for the \`placeholderVersion\` setup; build from the release tag with \`--tag\`.`,
    details: `A build made before the release commit embeds a commit the tag does not point to. Build on a checkout of the tag: \`semantic-release-rust build --tag <tag> --target <target>\`, with \`"rustRelease": "split"\` in the release configuration. \`--version\` stays for teams that never commit versions (\`placeholderVersion\` set), whose release commit is the one being built. See [the CLI](${link("cli")}).`,
  }),
  EFINISHTARGETS: (a: { dir: string; tag: string; problems: string[] }) => ({
    message: `Not every configured target's build of ${a.tag} is in ${a.dir}.`,
    details: `\`finish\` publishes only when every target of the \`semantic-release-rust/binaries\` \`targets\` was built from the tag:
${list(a.problems)}

Re-run the failed build jobs (\`semantic-release-rust build --tag ${a.tag} --target <target>\`), download their folders into \`${a.dir}\` and run \`finish\` again. Nothing was published: the release is still a draft.`,
  }),
  EFINISHCOMMIT: (a: { tag: string; commit: string; problems: string[] }) => ({
    message: `Builds of another commit than ${a.tag} (${a.commit.slice(0, 12)}) were collected.`,
    details: `Each build job records the commit and version it built, and \`finish\` only publishes builds of the tag:
${list(a.problems)}

Run those jobs on a checkout of \`${a.tag}\` (\`semantic-release-rust build --tag ${a.tag} ...\`). Nothing was published.`,
  }),
  EFINISHCHECKSUM: (a: { problems: string[] }) => ({
    message: `Collected build files do not match their checksums.`,
    details: `These files differ from the SHA-256 their build job recorded (in its \`manifest-<target>.json\` or \`.sha256\` file):
${list(a.problems)}

A file was changed or damaged after the build. Run the build job again and collect its folder anew. Nothing was published.`,
  }),
  EFINISHSMOKETEST: (a: { problems: string[] }) => ({
    message: `A collected binary does not run as the release's from its extracted archive.`,
    details: `\`finish\` extracts each archive whose binaries run on this machine and runs them with \`--version\`; the output must hold the tag's version (and, where a commit is printed, the tag's commit):
${list(a.problems)}

Nothing was published.`,
  }),
} as const;
