import { link } from "./docs.js";
import { cargoErrors } from "./cargo.js";
import { binariesErrors } from "./binaries.js";
import { githubErrors } from "./github.js";
import { cratesErrors } from "./crates.js";
import { dockerErrors } from "./docker.js";
import { archivesErrors } from "./archives.js";
import { resumeErrors } from "./resume.js";

/** Errors every plugin shares. */
const commonErrors = {
  /** The code of this one is `EINVALID<OPTION>`: see `invalidOptionError`. */
  EINVALIDOPTION: (a: { plugin: string; name: string; expected: string; value: unknown }) => ({
    message: `Invalid \`${a.name}\` option: expected ${a.expected}.`,
    details: `The [\`${a.name}\`](${link("options")}) option of \`${a.plugin}\` must be ${a.expected}. Your configuration has \`${JSON.stringify(a.value)}\`.`,
  }),
  EDISTMANIFEST: (a: { path: string; reason: string }) => ({
    message: `Cannot read ${a.path}: ${a.reason}.`,
    details: `\`${a.path}\` is how the semantic-release-rust plugins hand artifacts to each other. List \`semantic-release-rust/binaries\` before the plugins that read it, and do not edit the file by hand.`,
  }),
  EOPTIONINJECTION: (a: { kind: string; value: string; source: string; fix: string }) => ({
    message: `The ${a.kind} \`${a.value}\` (${a.source}) begins with \`-\`: git, cargo or docker would read it as an option.`,
    details: `A ${a.kind} that begins with \`-\` is refused before any command runs: given to \`git\`, \`cargo\` or \`docker\` it would be read as an option (\`--upload-pack=...\` runs a program), so a configuration could run code in the release job. ${a.fix}`,
  }),
} as const;

/**
 * The one catalogue of error codes. Each entry turns its arguments into a message and markdown details that
 * tell the user what to do. Domains keep their entries in their own file; this is their union.
 */
export const catalogue = {
  ...commonErrors,
  ...cargoErrors,
  ...binariesErrors,
  ...githubErrors,
  ...cratesErrors,
  ...dockerErrors,
  ...archivesErrors,
  ...resumeErrors,
} as const;

export type ErrorCode = keyof typeof catalogue;
export type ErrorArgs<C extends ErrorCode> = Parameters<(typeof catalogue)[C]>[0] extends undefined
  ? Record<string, never>
  : Parameters<(typeof catalogue)[C]>[0];
