import { link } from "./docs.js";

/** Errors of the `resume` command: bad input, reported before anything runs (exit code 2). */
export const resumeErrors = {
  ERESUMECONFIG: (a: { reason: string }) => ({
    message: `Cannot resume: ${a.reason}.`,
    details: `\`semantic-release-rust resume\` reads the repository's release configuration as semantic-release does (\`.releaserc\` in JSON or YAML, \`.releaserc.{json,yaml,yml,js,cjs,mjs}\`, \`release.config.{js,cjs,mjs}\` or \`package.json#release\`) to know which plugins to run and with which options. It must list at least one \`semantic-release-rust\` plugin.

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
} as const;
