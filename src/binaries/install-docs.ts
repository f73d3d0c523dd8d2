import type { ArchiveFormat } from "./archive-layout.js";

/**
 * `setup-env.sh`, meant to be sourced (`. path/to/setup-env.sh`) from any folder: puts the absolute path of the
 * archive's `bin/` first on `PATH`. Finds its own location in bash, zsh, ksh and, on Linux, dash/ash via /proc.
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

/** `setup-env.bat` for Windows `cmd`: puts the archive's `bin\\` first on `PATH` (CRLF line ends). */
export function renderSetupEnvBat(): string {
  return [
    "@echo off",
    "rem Run:  call setup-env.bat   (puts this release's bin folder first on PATH)",
    'set "PATH=%~dp0bin;%PATH%"',
    "",
  ].join("\r\n");
}

export interface InstallDocInput {
  fileName: string;
  topDir: string;
  format: ArchiveFormat;
  target: string;
  /** Executable names as packaged (with `.exe` on Windows). */
  binaries: string[];
}

const extractCommand = (format: ArchiveFormat, file: string): string =>
  ({
    "tar.gz": `tar -xzf ${file}`,
    "tar.xz": `tar -xJf ${file}`,
    "tar.zst": `tar --zstd -xf ${file}`,
    zip: `unzip ${file}`,
  })[format];

/** `INSTALL.md`: download, verify, extract, run and set up `PATH`, for the target's platform. */
export function renderInstallMd(d: InstallDocInput): string {
  const first = d.binaries[0] ?? "";
  const windows = d.target.includes("windows");
  const mac = d.target.includes("apple");
  const head = `# Installing ${d.topDir}

This archive holds ${d.binaries.map((b) => `\`${b}\``).join(", ")} for \`${d.target}\`.

1. Download \`${d.fileName}\` and \`${d.fileName}.sha256\` from the release page into one folder.
`;
  if (windows) {
    const extract =
      d.format === "zip"
        ? `Expand-Archive -Path .\\${d.fileName} -DestinationPath .`
        : `tar -xf .\\${d.fileName}   # tar.exe ships with Windows 10 and later`;
    return `${head}2. Verify the checksum in PowerShell (both lines must print the same hash):

   \`\`\`powershell
   (Get-FileHash .\\${d.fileName} -Algorithm SHA256).Hash.ToLower()
   (Get-Content .\\${d.fileName}.sha256).Split(" ")[0]
   \`\`\`

3. Extract it and run it:

   \`\`\`powershell
   ${extract}
   cd ${d.topDir}
   .\\bin\\${first} --version
   \`\`\`

4. Put \`bin\\\` on your \`PATH\` for this shell: in \`cmd\` run \`call setup-env.bat\`; in PowerShell run
   \`$env:Path = "$PWD\\bin;$env:Path"\`.
`;
  }
  const verify = mac ? `shasum -a 256 -c ${d.fileName}.sha256` : `sha256sum -c ${d.fileName}.sha256`;
  return `${head}2. Verify the checksum (it prints \`${d.fileName}: OK\`):

   \`\`\`sh
   ${verify}
   \`\`\`

3. Extract it and run it:

   \`\`\`sh
   ${extractCommand(d.format, d.fileName)}
   cd ${d.topDir}
   ./bin/${first} --version
   \`\`\`

4. Put \`bin/\` first on your \`PATH\` for this shell (works from any folder when given the file's path):

   \`\`\`sh
   . ./setup-env.sh
   ${first.replace(/\.exe$/, "")} --version
   \`\`\`

\`target/release/\` links to \`bin/\`, so scripts written for a source checkout (such as \`demo/\`) run unchanged.
`;
}
