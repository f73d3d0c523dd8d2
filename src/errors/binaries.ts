import { link } from "./docs.js";

const list = (items: readonly string[]): string => items.map((i) => `- ${i}`).join("\n");

/** Errors of `semantic-release-rust/binaries`. */
export const binariesErrors = {
  ENORUSTC: (a: { rustc: string; error: string }) => ({
    message: `\`${a.rustc}\` was not found or does not run.`,
    details: `Building binaries needs the Rust compiler to learn the host target and the known targets. Running \`${a.rustc} -vV\` failed: ${a.error}

Install Rust (https://rustup.rs), or set \`RUSTC\` in the environment of semantic-release to the compiler to use.`,
  }),
  EUNKNOWNTARGET: (a: { targets: string[] }) => ({
    message: `Unknown target${a.targets.length > 1 ? "s" : ""} ${a.targets.map((t) => `\`${t}\``).join(", ")}.`,
    details: `The [\`targets\`](${link("binaries")}) option names target triples that \`rustc --print target-list\` does not know. Check the spelling (for instance \`x86_64-unknown-linux-musl\`, \`aarch64-apple-darwin\`, \`x86_64-pc-windows-msvc\`).`,
  }),
  ENOBUILDER: (a: { target: string; builder: string; hint: string }) => ({
    message: `Builder \`${a.builder}\` for ${a.target} is not installed.`,
    details: `The target \`${a.target}\` is built with \`${a.builder}\`, which was not found on the \`PATH\` of semantic-release. ${a.hint}`,
  }),
  ENOTARGETSTD: (a: { target: string; builder: string; hint: string }) => ({
    message: `The Rust standard library for ${a.target} is not installed.`,
    details: `\`${a.builder}\` builds \`${a.target}\` with the local toolchain, which has no standard library for it. ${a.hint}`,
  }),
  ENOAUTOBUILDER: (a: { target: string; hints: string[] }) => ({
    message: `No installed builder can build ${a.target}.`,
    details: `With \`builder: "auto"\` a target that is not the host needs one of these:
${list(a.hints)}

Or name the [\`builder\`](${link("binaries")}) of the target explicitly.`,
  }),
  EUNKNOWNBIN: (a: { bins: string[]; known: string[] }) => ({
    message: `Unknown binar${a.bins.length > 1 ? "ies" : "y"} ${a.bins.map((b) => `\`${b}\``).join(", ")}.`,
    details: `The [\`bins\`](${link("binaries")}) option names binaries that no workspace member defines. Known binaries: ${a.known.length > 0 ? a.known.map((b) => `\`${b}\``).join(", ") : "none"}.`,
  }),
  ENOBINARIES: (a: { packages: string[] }) => ({
    message: "The release packages have no binaries.",
    details: `None of ${a.packages.map((p) => `\`${p}\``).join(", ")} has a \`bin\` target, so there is nothing to build. Remove \`semantic-release-rust/binaries\` from the plugins, or name the binaries in the [\`bins\`](${link("binaries")}) option.`,
  }),
  EBINARYNAME: (a: { name: string; reason: string; target?: string }) => ({
    message: `The binary name ${JSON.stringify(a.name)} cannot be packaged: ${a.reason}.`,
    details: `Binary names become file names in every archive${a.target ? ` (here for \`${a.target}\`)` : ""}, in \`SHA256SUMS\` lines and, for \`*-windows-*\` targets, beside a \`setup-env.bat\`: they must be plain file names without line breaks, control characters or path separators, and for Windows targets without \`%\`, \`!\`, \`^\` or \`"\`. Rename the \`[[bin]]\` target or leave it out of the [\`bins\`](${link("binaries")}) option.`,
  }),
  EVERSIONNOTPREPARED: (a: { version: string; found: { name: string; version: string }[] }) => ({
    message: `The Cargo version is not ${a.version} yet.`,
    details: `\`semantic-release-rust/binaries\` builds binaries that must carry the release version, but the manifests say:
${list(a.found.map((f) => `\`${f.name}\`: ${f.version}`))}

List \`semantic-release-rust\` (which bumps the Cargo version in prepare) **before** \`semantic-release-rust/binaries\` in the \`plugins\` of your semantic-release configuration.`,
  }),
  EBUILDFAILED: (a: { command: string; targets: string[]; output: string }) => ({
    message: `The build of ${a.targets.join(", ")} failed.`,
    details: `\`${a.command}\` failed. Its last lines:

\`\`\`
${a.output.trim()}
\`\`\`

Run the same command locally to reproduce it.`,
  }),
  EMISSINGBINARY: (a: { binary: string; target: string; path: string }) => ({
    message: `Binary \`${a.binary}\` for ${a.target} was not built.`,
    details: `After the build, \`${a.path}\` does not exist. A \`[[bin]]\` with \`required-features\` is skipped unless those features are enabled: set the target's \`features\`, or narrow the [\`bins\`](${link("binaries")}) option.`,
  }),
  ESMOKETEST: (a: { binary: string; target: string; command: string; version: string; output: string }) => ({
    message: `Smoke test of \`${a.binary}\` (${a.target}) failed.`,
    details: `\`${a.command}\` must exit with 0 and print the release version ${a.version}. It printed:

\`\`\`
${a.output.trim() || "(nothing)"}
\`\`\`

Make the binary print its \`CARGO_PKG_VERSION\` for \`--version\`, pass other arguments with \`smokeTest: { "args": [...] }\`, or turn the check off with \`smokeTest: false\` (see [binaries](${link("binaries")})).`,
  }),
  ENOGITCOMMIT: (a: { cwd: string; error: string }) => ({
    message: `No git commit to build from in ${a.cwd}.`,
    details: `Builds embed the release commit: \`GIT_COMMIT_SHA\` is \`git rev-parse HEAD\` and \`BUILD_TIMESTAMP\` / \`SOURCE_DATE_EPOCH\` (the mtime of every archive entry) are that commit's time. Git said: ${a.error}

Run the build in a git checkout of the release commit (in CI, check out the repository before \`semantic-release-rust build\`), with \`git\` on the \`PATH\`.`,
  }),
  EPREBUILTMISSING: (a: { dir: string; version: string; problems: string[] }) => ({
    message: `Prebuilt binaries for ${a.version} are missing in ${a.dir}.`,
    details: `The [\`prebuilt\`](${link("binaries")}) option expects one \`semantic-release-rust build --target <target> --version ${a.version}\` output per configured target (an archive, its \`.sha256\` and a \`manifest-<target>.json\`):
${list(a.problems)}

Check that every matrix job ran for this commit and that their \`dist/\` folders were downloaded into \`${a.dir}\`. Nothing was released.`,
  }),
  ESIZEINCREASE: (a: {
    artifact: string;
    previous: string;
    previousVersion: string;
    size: string;
    limit: string;
  }) => ({
    message: `${a.artifact} grew from ${a.previous} to ${a.size}: more than \`maxSizeIncrease\` allows.`,
    details: `The same artifact of the previous release (${a.previousVersion}) was ${a.previous}; this build is ${a.size}, and the [\`maxSizeIncrease\`](${link("size-gate")}) option allows a growth of ${a.limit}. The release stopped before the tag: nothing was pushed or published.

Make the artifact smaller (\`strip = true\`, \`lto = true\`, \`opt-level = "z"\`, fewer dependencies or features), or raise \`maxSizeIncrease\` in the configuration of \`semantic-release-rust/binaries\` if the growth is intended.`,
  }),
  EMAXSIZE: (a: { artifact: string; kind: string; size: string; limit: string }) => ({
    message: `${a.artifact} is ${a.size}, over the \`maxSize\` of ${a.limit} for ${a.kind === "image" ? "images" : `${a.kind === "binary" ? "binaries" : "archives"}`}.`,
    details: `The [\`maxSize\`](${link("size-gate")}) option of \`semantic-release-rust/binaries\` sets ${a.limit} as the largest ${a.kind}${a.kind === "image" ? " (the sum of its compressed layers, per platform)" : ""}; ${a.artifact} is ${a.size}. The release stopped before the tag: nothing was pushed or published.

Make it smaller, or raise \`maxSize.${a.kind}\` if the size is intended.`,
  }),
  ENOTESTEMPLATE: (a: { path: string; reason: string }) => ({
    message: `Cannot read the release-notes template ${a.path}: ${a.reason}.`,
    details: `The [\`notes\`](${link("release-notes")}) option of \`semantic-release-rust/binaries\` names a markdown template file, relative to the repository root. Commit the file there, fix the path, or give \`notes\` a list of sections instead.`,
  }),
  EPREBUILTFLOW: (a: { dir: string }) => ({
    message: `Prebuilt binaries (\`prebuilt: "${a.dir}"\`) cannot carry the release commit.`,
    details: `\`@semantic-release/git\` or \`@semantic-release/changelog\` is listed, so the release makes a commit (or a changelog entry) that matrix jobs run before semantic-release cannot have built: every binary would embed another commit and the archived \`CHANGELOG\` would lack the release's entry. The [\`prebuilt\`](${link("binaries")}) option is only for the \`placeholderVersion\` setup, where the release commits nothing and tags the commit the jobs built. Use the split release instead: set \`"rustRelease": "split"\`, run \`semantic-release-rust build --tag <tag> --target <target>\` per target on a checkout of the tag, then \`semantic-release-rust finish --tag <tag> --from <dir>\` (see [the CLI](${link("cli")})).`,
  }),
  EPREBUILTCOMMIT: (a: { commit: string; problems: string[] }) => ({
    message: `Prebuilt binaries were built from another commit than the release's (${a.commit.slice(0, 12)}).`,
    details: `Each \`manifest-<target>.json\` records the commit its job built:
${list(a.problems)}

Run those jobs again on the release commit \`${a.commit}\`. Nothing was released.`,
  }),
  ECODESIGNPROGRAM: (a: { program: string; targets: string[]; option: string }) => ({
    message: `Code-signing program \`${a.program}\` was not found.`,
    details: `The \`${a.option}\` option signs the binaries of ${a.targets.map((t) => `\`${t}\``).join(", ")} with \`${a.program}\`, which is not an executable file ${a.program.includes("/") ? "at that path (relative to the repository root)" : "on the \`PATH\` of semantic-release"}. Install it on the build machine (osslsigncode: \`apt-get install osslsigncode\`; \`codesign\` and \`xcrun\` come with Xcode on macOS; \`signtool\` with the Windows SDK), fix the name, or remove the [\`codesign\`](${link("binaries")}) option for targets built where it cannot run. Nothing was built.`,
  }),
  ECODESIGNFAILED: (a: {
    binary: string;
    target: string;
    command: string;
    reason: string;
    output: string;
  }) => ({
    message: `Code signing of \`${a.binary}\` (${a.target}) failed: ${a.reason}.`,
    details: `\`${a.command}\` ${a.reason}. Its last lines of output (values of secret-looking environment variables redacted):

\`\`\`
${a.output.trim() || "(nothing)"}
\`\`\`

Check the certificate, its password and the variables the command reads from its environment (see [\`codesign\`](${link("binaries")})). The release stopped before anything was packaged or written to the dist folder.`,
  }),
} as const;
