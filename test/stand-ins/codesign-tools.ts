import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** What the stand-in `codesign` appends to the file it signs. */
export const SIGNED_MARKER = "\n--signed-by-codesign-stand-in--\n";

/** The Windows target the stand-in `cross` builds with Debian's mingw-w64 (no Rust std for it here). */
export const WIN_GNU = "x86_64-pc-windows-gnu";

/**
 * Stand-ins for tools this Linux machine does not have:
 * - `codesign` (macOS): signs in place, the file being its last argument, as `codesign --sign ID --force FILE`
 *   does. It appends `SIGNED_MARKER`, logs its argv, and with `CODESIGN_STANDIN_FAIL` set fails the way the real
 *   one does on a wrong keychain password, echoing the password it read from `CODESIGN_KEYCHAIN_PASSWORD` (so the
 *   test sees that our error redacts it).
 * - `cross`: `cross --version`, `cross build ... --target=x86_64-pc-windows-gnu`: builds a C hello world (printing
 *   `rgreet <version>`) with the real `x86_64-w64-mingw32-gcc` into cargo's target dir as `rgreet.exe`, where the
 *   real cross would leave the Rust build: a real PE executable to sign.
 */
export interface CodesignStandIns {
  /** Folder to put first on PATH. */
  bin: string;
  /** Argv lines of every `codesign` call. */
  calls(): Promise<string[]>;
  close(): Promise<void>;
}

const codesign = (log: string) => `#!/bin/sh
echo "$*" >> "${log}"
for last; do :; done
if [ -n "$CODESIGN_STANDIN_FAIL" ]; then
  echo "$last: errSecInternalComponent (keychain password $CODESIGN_KEYCHAIN_PASSWORD refused)" >&2
  exit 1
fi
printf '${SIGNED_MARKER.replace(/\n/g, "\\n")}' >> "$last"
`;

const cross = (source: string) => `#!/bin/sh
case "$1" in
  --version|-V) echo "cross 0.2.5"; exit 0 ;;
  build) ;;
  *) echo "cross: unsupported command $1" >&2; exit 2 ;;
esac
target=""
for a; do case "$a" in --target=*) target="\${a#--target=}" ;; esac; done
[ "$target" = "${WIN_GNU}" ] || { echo "cross stand-in: only builds ${WIN_GNU}, not $target" >&2; exit 2; }
out="$CARGO_TARGET_DIR/$target/release"
mkdir -p "$out"
exec x86_64-w64-mingw32-gcc -O2 -s -o "$out/rgreet.exe" "${source}"
`;

/** Writes the stand-ins into a new folder under TMPDIR. */
export async function codesignStandIns(version: string): Promise<CodesignStandIns> {
  const bin = await mkdtemp(join(tmpdir(), "srr-codesign-"));
  const log = join(bin, "codesign.log");
  const source = join(bin, "hello.c");
  await writeFile(source, `#include <stdio.h>\nint main(void) { puts("rgreet ${version}"); return 0; }\n`);
  for (const [name, text] of [
    ["codesign", codesign(log)],
    ["cross", cross(source)],
  ] as const) {
    await writeFile(join(bin, name), text);
    await chmod(join(bin, name), 0o755);
  }
  return {
    bin,
    calls: async () => (await readFile(log, "utf8").catch(() => "")).split("\n").filter(Boolean),
    close: () => rm(bin, { recursive: true, force: true }),
  };
}
