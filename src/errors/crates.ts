import { link } from "./docs.js";

const list = (items: readonly string[]) => items.map((i) => `- ${i}`).join("\n");
const fence = (text: string) => `\`\`\`\n${text.trim()}\n\`\`\``;

/** Errors of `semantic-release-rust/crates`. */
export const cratesErrors = {
  ENOCARGOTOKEN: (a: { registry: string; envName: string; credentialsPath: string }) => ({
    message: `No token to publish to ${a.registry}.`,
    details: `Publishing crates needs an API token for ${a.registry}. Set the \`${a.envName}\` environment variable in your CI (as a secret), or log in with \`cargo login\` so that \`${a.credentialsPath}\` holds it.

See [crates publishing](${link("crates")}).`,
  }),
  EUNKNOWNREGISTRY: (a: { name: string; searched: string[] }) => ({
    message: `Unknown registry \`${a.name}\`.`,
    details: `The [\`registry\`](${link("options")}) option names \`${a.name}\`, but no cargo configuration defines \`[registries.${a.name}] index = ...\` and \`CARGO_REGISTRIES_${a.name.toUpperCase().replace(/-/g, "_")}_INDEX\` is not set. Looked in:
${list(a.searched.map((s) => `\`${s}\``))}

Add the registry to \`.cargo/config.toml\`, or give its sparse index URL (\`sparse+https://...\`) in the option.`,
  }),
  ENOTSPARSEINDEX: (a: { registry: string; index: string }) => ({
    message: `The index of ${a.registry} is not a sparse index.`,
    details: `semantic-release-rust asks the registry's index over HTTP whether a version is already published and when a new one shows. \`${a.index}\` is a git index; use the registry's sparse index (\`sparse+https://...\`), which every current registry serves.`,
  }),
  EDEPENDENCYCYCLE: (a: { cycle: string[] }) => ({
    message: `The crates to publish depend on each other in a cycle: ${a.cycle.join(" → ")}.`,
    details: `Crates are published after their (normal and build) dependencies, so a cycle has no valid order:
${list(a.cycle.map((c) => `\`${c}\``))}

Break the cycle (a dev-dependency does not count), or leave one crate out of the [\`packages\`](${link("options")}) option.`,
  }),
  ECARGOPACKAGE: (a: { crates: string[]; output: string }) => ({
    message: `\`cargo package\` failed for ${a.crates.map((c) => `\`${c}\``).join(", ")}.`,
    details: `Packaging checks what publishing would upload; it ran before the release tag is pushed, so nothing was released. Fix what cargo reports (a missing \`license\` or \`description\`, a path dependency without a \`version\`, a file too large, uncommitted changes — see the [\`allowDirty\`](${link("options")}) option) and run the release again. Cargo said:

${fence(a.output.split("\n").slice(-30).join("\n"))}`,
  }),
  ECRATEMETADATA: (a: { problems: { crate: string; missing: string[] }[] }) => ({
    message: `Crates lack package metadata the registry requires: ${a.problems.map((p) => p.crate).join(", ")}.`,
    details: `Prepare checks the fields of the [\`requiredMetadata\`](${link("options")}) option before packaging (\`cargo package\` only warns, and the registry would refuse the upload after the tag is pushed):
${list(a.problems.map((p) => `\`${p.crate}\`: no ${p.missing.map((m) => `\`${m}\``).join(", ")}`))}

Add them under \`[package]\` (or \`[workspace.package]\` with \`field.workspace = true\`); \`license\` takes an SPDX expression such as \`"MIT OR Apache-2.0"\`, or use \`license-file\`. For a registry that does not require them, set \`requiredMetadata\` to the fields it does.`,
  }),
  ECRATETOOLARGE: (a: { crates: { crate: string; file: string; bytes: number }[]; maxMiB: number }) => ({
    message: `Packaged crates are larger than ${a.maxMiB} MiB: ${a.crates.map((c) => c.crate).join(", ")}.`,
    details: `The registry would refuse these uploads (crates.io accepts at most 10 MiB), so the release stops before the tag is pushed:
${list(a.crates.map((c) => `\`${c.crate}\`: ${(c.bytes / 1048576).toFixed(1)} MiB (\`${c.file}\`)`))}

See what a crate ships with \`cargo package --list -p <crate>\` and leave out large files with \`exclude = [...]\` (or \`include\`) in its \`[package]\`. If your registry accepts larger crates, raise the [\`maxCrateSize\`](${link("options")}) option.`,
  }),
  ECRATESINDEX: (a: { url: string; reason: string }) => ({
    message: `Cannot read the crates index at ${a.url}: ${a.reason}.`,
    details:
      "The plugin asks the registry's sparse index which versions exist before publishing, and waits for it to show each new one. Check that the registry is reachable from this machine and try again.",
  }),
  ECRATESPUBLISH: (a: {
    registry: string;
    published: string[];
    skipped: string[];
    failed: { crate: string; reason: string }[];
    notPublished: { crate: string; reason: string }[];
  }) => ({
    message: `Publishing to ${a.registry} failed for ${a.failed.map((f) => f.crate).join(", ")}.`,
    details: `Published now:
${a.published.length > 0 ? list(a.published) : "- none"}

Already in the registry (skipped):
${a.skipped.length > 0 ? list(a.skipped) : "- none"}

Failed:
${list(a.failed.map((f) => `${f.crate}: ${f.reason}`))}

Not published (their dependencies failed):
${a.notPublished.length > 0 ? list(a.notPublished.map((n) => `${n.crate}: ${n.reason}`)) : "- none"}

Fix the failure and publish the rest: running the plugin again skips every version the index already shows, or run \`cargo publish -p <crate>\` for each one left, in the order above.`,
  }),
} as const;
