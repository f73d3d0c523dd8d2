import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Stand-ins for the builders this machine cannot install (crates.io is unreachable): `cross` and `cargo-zigbuild`
 * with their documented command lines — `cross --version`, `cross build [cargo build args]`;
 * `cargo-zigbuild --version`, and `cargo zigbuild [cargo build args]`, which cargo runs as
 * `cargo-zigbuild zigbuild ...` — and `cargo-xwin --version`. Like the real ones they leave their output in cargo's
 * target dir (`<target-dir>/<triple>/<profile>/`). Where the real tools link with zig or inside a container, these
 * run the real cargo with Debian's aarch64 linker. Every call is appended to a log.
 */
export interface BuilderStandIns {
  /** Folder to put first on PATH. */
  bin: string;
  /** Lines `<tool> <args>` of every call, in order. */
  calls(): Promise<string[]>;
  close(): Promise<void>;
}

const LINKER = "CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc";

const script = (tool: string, version: string, subcommand: string, log: string, cargo: string) => `#!/bin/sh
echo "${tool} $*" >> "${log}"
case "$1" in
  --version|-V) echo "${tool} ${version}"; exit 0 ;;
  ${subcommand}) shift; [ "${subcommand}" = xwin ] && [ "$1" = build ] && shift ;;
  *) echo "${tool}: unsupported command $1" >&2; exit 2 ;;
esac
export ${LINKER}
exec "${cargo}" build "$@"
`;

/** Writes the stand-ins; `cargo` is the real cargo they run. */
export async function builderStandIns(cargo: string): Promise<BuilderStandIns> {
  const bin = await mkdtemp(join(tmpdir(), "srr-builders-"));
  const log = join(bin, "calls.log");
  const tools = {
    cross: script("cross", "0.2.5", "build", log, cargo),
    "cargo-zigbuild": script("cargo-zigbuild", "0.19.8", "zigbuild", log, cargo),
    "cargo-xwin": script("cargo-xwin", "0.18.4", "xwin", log, cargo),
  };
  for (const [name, text] of Object.entries(tools)) {
    await writeFile(join(bin, name), text);
    await chmod(join(bin, name), 0o755);
  }
  return {
    bin,
    calls: async () =>
      (await readFile(log, "utf8").catch(() => ""))
        .split("\n")
        .filter((l) => l !== "" && !/ (--version|-V)$/.test(l)),
    close: () => rm(bin, { recursive: true, force: true }),
  };
}
