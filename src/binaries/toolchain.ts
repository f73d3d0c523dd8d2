import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { cargoBin } from "../cargo/cargo-bin.js";
import { getError } from "../errors/get-error.js";
import type { BuilderName } from "../config/options/binaries.js";
import { exec } from "../util/exec.js";
import { fileExists } from "../util/fs.js";
import { configuredLinkers } from "./linker-config.js";

/** What the build machine has: everything `planBuilds` needs to know, probed once, read-only. */
export interface Toolchain {
  /** The cargo executable (`$CARGO` or `cargo`). */
  cargo: string;
  /** `release` of `cargo -V`, such as `1.96.0`. */
  cargoVersion: string;
  /** The host triple from `rustc -vV`. */
  host: string;
  /** `rustc --print target-list`. */
  knownTargets: string[];
  /** Targets whose standard library is installed (rustup's list, or the rustc sysroot). */
  installedStd: string[];
  /** True when the standard libraries are managed by rustup (so `rustup target add` is the fix). */
  rustup: boolean;
  /** Builders found on the PATH; `cargo` is always there. */
  builders: BuilderName[];
  /** Linkers configured per target (`CARGO_TARGET_<T>_LINKER` or `[target.<t>] linker` in cargo config). */
  linkers: Record<string, string>;
}

const runs = (
  file: string,
  args: string[],
  o: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<string | undefined> =>
  exec(file, args, o).then(
    (r) => r.stdout,
    () => undefined,
  );

/** Where the toolchain is probed; `onHost` learns the host triple first, before the slower probes. */
export interface ProbeOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  onHost?: (host: string) => void;
}

/** Probes rustc, rustup, cargo and the optional builders; writes nothing. */
export async function probeToolchain(o: ProbeOptions): Promise<Toolchain> {
  const rustc = o.env.RUSTC || "rustc";
  const cargo = cargoBin(o.env);
  const host = await hostTriple(o);
  o.onHost?.(host);
  const [targetList, sysroot, cargoV, rustupList, cross, zigbuild, xwin, linkers] = await Promise.all([
    runs(rustc, ["--print", "target-list"], o),
    runs(rustc, ["--print", "sysroot"], o),
    runs(cargo, ["-V"], o),
    o.env.RUSTC ? Promise.resolve(undefined) : runs("rustup", ["target", "list", "--installed"], o),
    runs("cross", ["--version"], o),
    runs("cargo-zigbuild", ["--version"], o),
    runs("cargo-xwin", ["--version"], o),
    configuredLinkers(o),
  ]);
  const fromSysroot = sysroot ? await sysrootTargets(sysroot.trim()) : [];
  const fromRustup =
    rustupList
      ?.split("\n")
      .map((l) => l.trim())
      .filter(Boolean) ?? [];
  const builders: BuilderName[] = ["cargo"];
  if (cross !== undefined) builders.push("cross");
  if (zigbuild !== undefined) builders.push("cargo-zigbuild");
  if (xwin !== undefined) builders.push("cargo-xwin");
  return {
    cargo,
    cargoVersion: /(\d+\.\d+\.\d+)/.exec(cargoV ?? "")?.[1] ?? "0.0.0",
    host,
    knownTargets: (targetList ?? "")
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean),
    installedStd: [...new Set([...fromRustup, ...fromSysroot])].sort(),
    rustup: rustupList !== undefined,
    builders,
    linkers,
  };
}

/** `<sysroot>/lib/rustlib/<triple>/lib` folders: where rustc finds a target's std. */
async function sysrootTargets(sysroot: string): Promise<string[]> {
  const dir = join(sysroot, "lib", "rustlib");
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const found: string[] = [];
  for (const e of entries) {
    if (e.isDirectory() && (await fileExists(join(dir, e.name, "lib")))) found.push(e.name);
  }
  return found;
}

/** The host triple from `rustc -vV` (`$RUSTC` or `rustc`). */
export async function hostTriple(o: { cwd: string; env: NodeJS.ProcessEnv }): Promise<string> {
  const rustc = o.env.RUSTC || "rustc";
  try {
    const { stdout } = await exec(rustc, ["-vV"], o);
    return /^host: (\S+)/m.exec(stdout)?.[1] ?? "";
  } catch (error) {
    throw getError("ENORUSTC", { rustc, error: error instanceof Error ? error.message : String(error) });
  }
}
