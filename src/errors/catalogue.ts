import { cargoErrors } from "./cargo.js";
import { binariesErrors } from "./binaries.js";
import { githubErrors } from "./github.js";
import { cratesErrors } from "./crates.js";
import { dockerErrors } from "./docker.js";
import { archivesErrors } from "./archives.js";
import { resumeErrors } from "./resume.js";
import { installersErrors } from "./installers.js";
import { optionErrors } from "./options.js";
import { signErrors } from "./sign.js";

/** Errors every plugin shares. */
const commonErrors = {
  EDISTMANIFEST: (a: { path: string; reason: string }) => ({
    message: `Cannot read ${a.path}: ${a.reason}.`,
    details: `\`${a.path}\` is how the semantic-release-rust plugins hand artifacts to each other. List \`semantic-release-rust/binaries\` before the plugins that read it, and do not edit the file by hand.`,
  }),
  ERELEASECONFIG: (a: { file: string; reason: string }) => ({
    message: `${a.file} is not JSON (only JSON release configs are read here).`,
    details: `The commands of \`semantic-release-rust\` (\`plan\`, \`build\`, \`resume\`) read the repository's semantic-release configuration from \`.releaserc.json\`, \`.releaserc\` or \`package.json#release\`, in JSON: \`${a.file}\` is not (${a.reason}). Write it as JSON (a \`.releaserc\` in YAML or a \`release.config.js\` is not read), or fix the syntax error.`,
  }),
  EOPTIONINJECTION: (a: { kind: string; value: string; source: string; fix: string }) => ({
    message: `The ${a.kind} \`${a.value}\` (${a.source}) begins with \`-\`: git, cargo or docker would read it as an option.`,
    details: `A ${a.kind} that begins with \`-\` is refused before any command runs: given to \`git\`, \`cargo\` or \`docker\` it would be read as an option (\`--upload-pack=...\` runs a program), so a configuration could run code in the release job. ${a.fix}`,
  }),
  EWRITEFILE: (a: { path: string; code: string; reason: string }) => ({
    message: `Cannot write ${a.path}: ${a.code}.`,
    details: `${writeAdvice(a.code)}

The system said: ${a.reason}. Nothing was left half-written: \`${a.path}\` keeps its previous content (or is still absent) and the temporary file was removed. Run the command again once this is fixed.`,
  }),
} as const;

/** What to do about a failed write, by errno. */
function writeAdvice(code: string): string {
  switch (code) {
    case "ENOSPC":
      return "The disk is full. Free some space (for instance \`cargo clean\` or old \`dist/\` folders) or write to a bigger disk.";
    case "EDQUOT":
      return "Your disk quota is used up. Free some space or ask for a bigger quota.";
    case "EFBIG":
      return "The file is larger than this process may write (\`ulimit -f\`) or than the file system allows. Raise the limit or write elsewhere.";
    case "EACCES":
    case "EPERM":
      return "This user may not write there. Fix the folder's owner or permissions, or choose another folder (such as another \`distDir\`).";
    case "EROFS":
      return "The file system is read-only. Write to a writable folder (such as another \`distDir\`) or mount it read-write.";
    case "ENOENT":
      return "The folder to write in does not exist (it was removed while the command ran?). Create it or choose another path.";
    case "ENOTDIR":
    case "EISDIR":
    case "EEXIST":
      return "A file stands where a folder is needed, or a folder where a file is needed. Move it away or choose another path.";
    default:
      return "The operating system refused the write. Check the disk and the path.";
  }
}

/**
 * The one catalogue of error codes. Each entry turns its arguments into a message and markdown details that
 * tell the user what to do. Domains keep their entries in their own file; this is their union.
 */
export const catalogue = {
  ...commonErrors,
  ...optionErrors,
  ...cargoErrors,
  ...binariesErrors,
  ...githubErrors,
  ...cratesErrors,
  ...dockerErrors,
  ...archivesErrors,
  ...resumeErrors,
  ...installersErrors,
  ...signErrors,
} as const;

/** The catalogue by domain file, for the README's error table. */
export const domains = {
  common: commonErrors,
  options: optionErrors,
  cargo: cargoErrors,
  binaries: binariesErrors,
  github: githubErrors,
  crates: cratesErrors,
  docker: dockerErrors,
  archives: archivesErrors,
  resume: resumeErrors,
  installers: installersErrors,
  sign: signErrors,
} as const;

export type ErrorCode = keyof typeof catalogue;
export type ErrorArgs<C extends ErrorCode> = Parameters<(typeof catalogue)[C]>[0] extends undefined
  ? Record<string, never>
  : Parameters<(typeof catalogue)[C]>[0];
