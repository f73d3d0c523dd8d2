import { throwAll } from "../errors/get-error.js";
import {
  mdCode,
  mdText,
  psPlain,
  psQuote,
  shFileArg,
  shQuote,
  unsafeNameErrors,
} from "../util/shell-quote.js";
import type { ArchiveFormat } from "./archive-layout.js";
import { extractCommands } from "./release-notes.js";

/**
 * `setup-env.sh`, meant to be sourced (`. path/to/setup-env.sh`) from any folder: puts the absolute path of the
 * archive's `bin/` first on `PATH`. Finds its own location in bash, zsh, ksh and, on Linux, dash/ash via /proc.
 * It holds no names: the folder it finds stays in double-quoted variables, so any folder name is safe.
 */
export function renderSetupEnvSh(): string {
  return `# Source this file:  . ./setup-env.sh   (or  . /path/to/setup-env.sh  from any folder)
# It puts this release's bin/ folder first on PATH.
_srr_self=""
if [ -n "\${BASH_SOURCE:-}" ]; then
  _srr_self=\${BASH_SOURCE}
elif [ -n "\${ZSH_VERSION:-}" ]; then
  eval '_srr_self=\${(%):-%x}'
elif [ -n "\${KSH_VERSION:-}" ] && eval '[ -n "\${.sh.file:-}" ]' 2>/dev/null; then
  eval '_srr_self=\${.sh.file}'
fi
if [ -z "$_srr_self" ] && [ -d "/proc/$$/fd" ]; then
  for _srr_fd in /proc/$$/fd/*; do
    _srr_link=$(readlink "$_srr_fd" 2>/dev/null) || continue
    case $_srr_link in */setup-env.sh) [ -f "$_srr_link" ] && _srr_self=$_srr_link ;; esac
  done
fi
if [ -z "$_srr_self" ]; then
  case \${0##*/} in setup-env.sh) _srr_self=$0 ;; *) _srr_self=./setup-env.sh ;; esac
fi
_srr_dir=$(CDPATH= cd -- "$(dirname -- "$_srr_self")" && pwd -P)
if [ -n "$_srr_dir" ] && [ -d "$_srr_dir/bin" ]; then
  case ":$PATH:" in
    ":$_srr_dir/bin:"*) ;;
    *) PATH="$_srr_dir/bin:$PATH" ;;
  esac
  export PATH
else
  echo "setup-env.sh: cannot find the bin/ folder; source this file by its path" >&2
fi
unset _srr_self _srr_fd _srr_link _srr_dir
`;
}

/**
 * `setup-env.bat` for Windows `cmd`: puts the archive's `bin\\` first on `PATH` (CRLF line ends). It holds no
 * names; its folder comes from `%~dp0`, and `renderInstallMd` refuses a Windows top folder that cmd would misread.
 */
export function renderSetupEnvBat(): string {
  return [
    "@echo off",
    "rem Run:  call setup-env.bat   (puts this release's bin folder first on PATH)",
    'set "PATH=%~dp0bin;%PATH%"',
    "",
  ].join("\r\n");
}

interface InstallDocInput {
  fileName: string;
  topDir: string;
  format: ArchiveFormat;
  target: string;
  /** Executable names as packaged (with `.exe` on Windows). */
  binaries: string[];
  /** Signatures or provenance are published beside the archive. */
  signed?: boolean;
}

/** The one line on `verify` when signatures or provenance are published, for the end of step 2. */
const verifyLine = (d: InstallDocInput): string =>
  d.signed
    ? `   Signatures and provenance: \`npx semantic-release-rust verify ${shFileArg(d.fileName)}\` (beside \`SHA256SUMS\` and the signatures; \`--help\` for keys).\n\n`
    : "";

const extractCommand = (format: ArchiveFormat, file: string): string => extractCommands[format](file);

/** A PowerShell path argument: `.\name` as is when plain, else `-LiteralPath '...'` (no quote or wildcard acts). */
const psPath = (path: string): string => (psPlain(path) ? path : `-LiteralPath ${psQuote(path)}`);

/**
 * `INSTALL.md`: download, verify, extract, run and set up `PATH`, for the target's platform. Every name in a
 * command is quoted for its shell (POSIX sh or PowerShell); throws `EUNSAFENAME` for a name with a control
 * character and, on Windows, for a top folder that `setup-env.bat` could not be run from safely.
 */
export function renderInstallMd(d: InstallDocInput): string {
  const windows = d.target.includes("windows");
  throwAll([
    ...unsafeNameErrors([d.fileName, d.topDir, d.target, ...d.binaries], "INSTALL.md"),
    ...(windows ? unsafeNameErrors([d.topDir], "setup-env.bat", "cmd") : []),
  ]);
  const mac = d.target.includes("apple");
  const head = `# Installing ${mdText(d.topDir)}

This archive holds ${d.binaries.map(mdCode).join(", ")} for ${mdCode(d.target)}.

1. Download ${mdCode(d.fileName)} and ${mdCode(`${d.fileName}.sha256`)} from the release page into one folder.
`;
  return windows ? windowsSteps(d, head) : unixSteps(d, head, mac);
}

/** Steps 2 to 4 on Windows, in PowerShell (with `setup-env.bat` for `cmd`). */
function windowsSteps(d: InstallDocInput, head: string): string {
  const archive = `.\\${d.fileName}`;
  const extract =
    d.format === "zip"
      ? `Expand-Archive ${psPlain(archive) ? `-Path ${archive}` : psPath(archive)} -DestinationPath .`
      : `tar -xf ${psQuote(archive)}   # tar.exe ships with Windows 10 and later`;
  const program = `.\\bin\\${d.binaries[0] ?? ""}`;
  return `${head}2. Verify the checksum in PowerShell (both lines must print the same hash):

   \`\`\`powershell
   (Get-FileHash ${psPath(archive)} -Algorithm SHA256).Hash.ToLower()
   (Get-Content ${psPath(`${archive}.sha256`)}).Split(" ")[0]
   \`\`\`

${verifyLine(d)}3. Extract it and run it:

   \`\`\`powershell
   ${extract}
   cd ${psPath(d.topDir)}
   ${psPlain(program) ? program : `& ${psQuote(program)}`} --version
   \`\`\`

4. Put \`bin\\\` on your \`PATH\` for this shell: in \`cmd\` run \`call setup-env.bat\`; in PowerShell run
   \`$env:Path = "$PWD\\bin;$env:Path"\`.
`;
}

/** Steps 2 to 4 on Linux and macOS, in POSIX sh. */
function unixSteps(d: InstallDocInput, head: string, mac: boolean): string {
  const first = d.binaries[0] ?? "";
  const sums = shFileArg(`${d.fileName}.sha256`);
  const verify = mac ? `shasum -a 256 -c ${sums}` : `sha256sum -c ${sums}`;
  return `${head}2. Verify the checksum (it prints ${mdCode(`${d.fileName}: OK`)}):

   \`\`\`sh
   ${verify}
   \`\`\`

${verifyLine(d)}3. Extract it and run it:

   \`\`\`sh
   ${extractCommand(d.format, d.fileName)}
   cd ${shFileArg(d.topDir)}
   ${shQuote(`./bin/${first}`)} --version
   \`\`\`

4. Put \`bin/\` first on your \`PATH\` for this shell (works from any folder when given the file's path):

   \`\`\`sh
   . ./setup-env.sh
   ${shQuote(first.replace(/\.exe$/, ""))} --version
   \`\`\`

\`target/release/\` links to \`bin/\`, so scripts written for a source checkout (such as \`demo/\`) run unchanged.
`;
}
