import { link } from "./docs.js";

/** Errors of archive packaging and checksums (`semantic-release-rust/binaries`). */
export const archivesErrors = {
  EINCLUDENOMATCH: (a: { pattern: string; root: string }) => ({
    message: `The include pattern \`${a.pattern}\` matches no file.`,
    details: `Patterns of the [\`include\`](${link("options")}) option are relative to the workspace root \`${a.root}\`. Fix the pattern (for instance \`demo/**\` or \`"docs/user/*.md -> docs/"\`), create the files before packaging, or remove it.`,
  }),
  EARCHIVEPATH: (a: { path: string; reason: string }) => ({
    message: `Archive entry \`${a.path}\` is not allowed: ${a.reason}.`,
    details: `Entries of a release archive must be relative paths inside its top folder, without \`..\` components, absolute paths or backslashes. Check the [\`include\`](${link("options")}) option, especially the part after \`->\`.`,
  }),
  EARCHIVELINK: (a: { path: string; target: string; reason: string }) => ({
    message: `Archive link \`${a.path}\` -> \`${a.target}\` is not allowed: ${a.reason}.`,
    details:
      "Links in a release archive must be relative and point to an entry inside the same archive, so that extracting it never touches files outside its folder.",
  }),
  EUNCOMMITTEDFILE: (a: { path: string; change: "modified" | "deleted" | "replaced" }) => ({
    message: `\`${a.path}\` would be packaged but is ${a.change === "replaced" ? "no longer a plain file" : a.change} on disk.`,
    details: `Release archives hold the files of the release commit (\`HEAD\`), so that what is published is what was reviewed and tagged. \`${a.path}\` differs from that commit: commit it (\`git add ${a.path} && git commit\`) or revert it (\`git checkout -- ${a.path}\`) before releasing. Build outputs that are not committed go in the [\`includeGenerated\`](${link("options")}) option.`,
  }),
  EINCLUDELINK: (a: { path: string; target: string; reason: string }) => ({
    message: `The link \`${a.path}\` -> \`${a.target}\` cannot be packaged: ${a.reason}.`,
    details: `Links in the release commit are packaged only when they are relative and point to a file or folder of that commit inside the workspace, never through \`.git\`: they are kept as links in tar archives (copied in zip) and never followed out, so that nothing outside the workspace (such as \`/etc/passwd\`, \`~/.ssh\` or \`.git/config\` with the job's token) ends up in a published archive. Replace the link with the file, point it inside the workspace, or leave it out of the [\`include\`](${link("options")}) option.`,
  }),
  EARCHIVEDUPLICATE: (a: { path: string; sources: string[] }) => ({
    message: `Two files would be packaged as \`${a.path}\`.`,
    details: `These sources map to the same archive entry:
${a.sources.map((s) => `- \`${s}\``).join("\n")}

Change the [\`include\`](${link("options")}) option (the part after \`->\`) so that every file has its own destination. \`bin/\`, \`target/release/\`, the binaries at the root, \`setup-env.sh\`, \`setup-env.bat\` and \`INSTALL.md\` are reserved.`,
  }),
  EARCHIVENAME: (a: {
    template: string;
    reason: string;
    name?: string;
    version?: string;
    target?: string;
  }) => ({
    message: `Invalid archive name template ${JSON.stringify(a.template)}: ${a.reason}.`,
    details: `The [\`archiveName\`](${link("options")}) option may use \`{name}\`, \`{version}\` and \`{target}\` (default \`{name}-v{version}-{target}\`) and must give one plain file name for every version and target: not empty, without \`/\`, \`\\\`, \`..\`, line breaks or control characters, and for \`*-windows-*\` targets without \`%\`, \`!\`, \`^\` or \`"\` (the archive holds a \`setup-env.bat\`).${a.name === undefined ? "" : ` With version \`${a.version ?? ""}\` and target \`${a.target ?? ""}\` it gives ${JSON.stringify(a.name)}.`} \`{name}\` is the [\`name\`](${link("binaries")}) option, else the package of the first binary.`,
  }),
  EARCHIVETOOL: (a: { tool: string; format: string; error: string }) => ({
    message: `\`${a.tool}\` failed while writing a ${a.format} archive.`,
    details: `${a.format} archives are compressed by the \`${a.tool}\` program, which must be on the \`PATH\` (Debian/Ubuntu: \`apt-get install ${a.tool === "xz" ? "xz-utils" : a.tool}\`). Or choose another [\`archiveFormat\`](${link("options")}). It said: ${a.error}`,
  }),
  EFILECHANGED: (a: { path: string; change: "grew" | "shrank" }) => ({
    message: `\`${a.path}\` ${a.change} while it was being packaged.`,
    details: `A file of the archive changed size between the moment its size was read and the end of its copy: another process is writing it. Let the build or the other process finish, then run the release again. Nothing was published: the archive was not written.`,
  }),
  ECOMPRESSIONLEVEL: (a: { format: string; level: number; range: string }) => ({
    message: `Compression level ${a.level} is not valid for ${a.format}.`,
    details: `The [\`compressionLevel\`](${link("options")}) option must be ${a.range} for ${a.format} archives.`,
  }),
  EUNSAFENAME: (a: { value: string; char: string; file: string; reason: string }) => ({
    message: `The name ${JSON.stringify(a.value)} cannot be written into ${a.file}: it contains ${a.char}.`,
    details: `${a.reason} Names (the [\`archiveName\`](${link("options")}) with \`{name}\`, \`{version}\` and \`{target}\`, binary names and targets) become commands that users paste into a shell and lines that \`sha256sum -c\` reads. Rename it without that character: plain letters, digits, \`.\`, \`_\` and \`-\` are safe everywhere.`,
  }),
} as const;
