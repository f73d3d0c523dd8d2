import { link } from "./docs.js";

/** Cargo's first `error:` line, for one-line messages. */
const firstError = (stderr: string): string =>
  (stderr.split("\n").find((l) => l.startsWith("error")) ?? stderr.trim().split("\n")[0] ?? "").trim();

/** Errors of the Cargo version plugin (`semantic-release-rust`) and of `set-version`. */
export const cargoErrors = {
  ENOCARGO: (a: { error: string }) => ({
    message: "`cargo` was not found or does not run.",
    details: `Running \`cargo --version\` failed: ${a.error}

Install Rust (https://rustup.rs) on the machine that runs semantic-release, or put \`cargo\` on the \`PATH\` of its environment.`,
  }),
  ENOMANIFEST: (a: { path: string }) => ({
    message: `No Cargo manifest at ${a.path}.`,
    details: `semantic-release-rust reads the workspace from \`${a.path}\`. Run semantic-release at the root of the Rust workspace, or set the [\`manifestPath\`](${link("options")}) option to the workspace's \`Cargo.toml\`.`,
  }),
  ECARGOMETADATA: (a: { path: string; stderr: string }) => ({
    message: `\`cargo metadata\` failed for ${a.path}: ${firstError(a.stderr)}`,
    details: `Cargo could not read the workspace; fix the manifest and try again. Cargo said:

\`\`\`
${a.stderr.trim()}
\`\`\``,
  }),
  EUNKNOWNPACKAGE: (a: { names: string[]; known: string[] }) => ({
    message: `Unknown package${a.names.length > 1 ? "s" : ""} ${a.names.map((n) => `\`${n}\``).join(", ")}.`,
    details: `The [\`packages\`](${link("options")}) option names packages that are not members of this workspace. Members: ${a.known.map((n) => `\`${n}\``).join(", ")}.`,
  }),
  ENORELEASEPACKAGES: () => ({
    message: "No package to release.",
    details: `The workspace has no root package and no member inherits \`version.workspace = true\`. List the packages to release in the [\`packages\`](${link("options")}) option.`,
  }),
  ENOVERSION: (a: { name: string; path: string }) => ({
    message: `Package \`${a.name}\` has no version.`,
    details: `\`${a.path}\` must set \`version = "x.y.z"\` in \`[package]\`, or \`version.workspace = true\` with a version in \`[workspace.package]\`.`,
  }),
  EINCONSISTENTVERSIONS: (a: { versions: { name: string; version: string }[] }) => ({
    message: "The release packages do not share one version.",
    details: `semantic-release gives every release package the same version, so they must start from the same one:
${a.versions.map((v) => `- \`${v.name}\`: ${v.version}`).join("\n")}

Align them (\`npx semantic-release-rust set-version <version>\`) or narrow the [\`packages\`](${link("options")}) option.`,
  }),
  EVERSIONMISMATCH: (a: { files: string[]; cargoVersion: string; lastVersion: string; gitTag: string }) => ({
    message: `Cargo version ${a.cargoVersion} does not match the last release ${a.lastVersion}.`,
    details: `The last release is \`${a.gitTag}\` (${a.lastVersion}) but these manifests say ${a.cargoVersion}:
${a.files.map((f) => `- \`${f}\``).join("\n")}

Either commit the released version back (for instance with \`@semantic-release/git\`), or run \`npx semantic-release-rust set-version ${a.lastVersion}\` and commit. Teams that never commit versions can keep a placeholder such as \`0.0.0\` in the manifests and set the [\`placeholderVersion\`](${link("options")}) option to it.`,
  }),
  EVERSIONNOTGREATER: (a: { nextVersion: string; cargoVersion: string }) => ({
    message: `Next version ${a.nextVersion} is not greater than the Cargo version ${a.cargoVersion}.`,
    details: `The manifests already carry ${a.cargoVersion}. A release must raise it; check the last git tag and the versions committed in \`Cargo.toml\`.`,
  }),
  ENOCHANGELOG: (a: { path: string }) => ({
    message: `The changelog file ${a.path} does not exist.`,
    details: `The [\`changelogFile\`](${link("options")}) option names \`${a.path}\`, but it is not there and no plugin listed before \`semantic-release-rust\` (such as \`@semantic-release/changelog\`) creates it. Create the file, list the changelog plugin first, or remove the option.`,
  }),
  ECHANGELOGENTRY: (a: { path: string; version: string }) => ({
    message: `${a.path} has no entry for ${a.version}.`,
    details: `After prepare the changelog must hold a heading for the new version (such as \`## ${a.version}\` or \`## [${a.version}](...)\`). List \`@semantic-release/changelog\` before \`semantic-release-rust\`, or write the entry yourself.`,
  }),
  EPACKAGENAME: (a: { name: string; reason: string }) => ({
    message: `The release package name ${JSON.stringify(a.name)} is not usable: ${a.reason}.`,
    details: `Package names appear in archive names, checksum lines and release notes. Rename the package, or leave it out of the [\`packages\`](${link("options")}) option.`,
  }),
  ETAGFORMAT: (a: { tagFormat: string; reason: string; tag?: string }) => ({
    message: `The \`tagFormat\` ${JSON.stringify(a.tagFormat)} is not usable: ${a.reason}.`,
    details: `semantic-release names each release's git tag with its global \`tagFormat\` option (default \`v\${version}\`). semantic-release-rust reads versions back from tags (\`resume\`, \`plan\`), so the format must hold \`\${version}\` exactly once and no other template code, and give a valid git tag (\`git check-ref-format\`) for every version${a.tag === undefined ? "" : ` (it gives ${JSON.stringify(a.tag)})`}. Nothing was committed or tagged.`,
  }),
  EINVALIDVERSION: (a: { version: string; reason?: string }) => ({
    message: `\`${a.version}\` is not a valid semantic version${a.reason ? `: ${a.reason}` : ""}.`,
    details:
      "Cargo versions follow SemVer 2.0: `MAJOR.MINOR.PATCH` with an optional `-prerelease` and `+build`. The three numbers have no leading zeros and are at most 18446744073709551615; the identifiers of the prerelease and build use only `[0-9A-Za-z-]`, and numeric prerelease identifiers have no leading zeros. Pass the version without a `v` or an operator, such as `1.4.0` or `2.0.0-beta.1`. Nothing was written.",
  }),
  EREQUIREMENTEXCLUDES: (a: {
    version: string;
    requirements: { file: string; location: string; requirement: string }[];
  }) => ({
    message: `Requirements on the released crates exclude ${a.version}.`,
    details: `These requirements are compound, wildcard or upper-bound, so they are left as written, but they do not admit ${a.version} and cargo could not resolve the workspace after the bump:
${a.requirements.map((r) => `- \`${r.file}\`: \`${r.location} = "${r.requirement}"\``).join("\n")}

Nothing was written. Change them to a simple requirement (such as \`"${a.version}"\` or \`"=${a.version}"\`, which the bump keeps up to date) or widen them, commit, and release again.`,
  }),
  EMANIFESTEDIT: (a: { path: string; reason: string }) => ({
    message: `Cannot update ${a.path}: ${a.reason}.`,
    details:
      "Nothing was written. Fix the manifest (or report the shape that was not understood) and try again.",
  }),
  EBUMPINTERRUPTED: (a: { journal: string; files: string[]; repair: string }) => ({
    message: `A version bump was interrupted: ${a.files.length} file(s) still wait for their new content.`,
    details: `A killed \`${a.repair}\` left the journal \`${a.journal}\`: some of these files may have their new content, others their old one, so Cargo can see two versions at once:
${a.files.map((f) => `- \`${f}\``).join("\n")}

This command only reads, so it changed nothing. Run \`npx ${a.repair}\` (or any command that writes: \`set-version\`, \`build\`, \`resume\`, or a release's \`prepare\`) to finish the bump first.`,
  }),
  EBUMPJOURNAL: (a: { journal: string; path: string; reason: string }) => ({
    message: `Cannot finish the interrupted version bump: ${a.reason} (${a.path}).`,
    details: `The journal \`${a.journal}\` lists the renames of an interrupted bump, but \`${a.path}\` ${a.reason}. Restore the manifests and \`Cargo.lock\` from git (\`git checkout -- Cargo.toml Cargo.lock '**/Cargo.toml'\`), delete \`${a.journal}\`, and run the bump again.`,
  }),
} as const;
