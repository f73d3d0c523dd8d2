import { existsSync } from "node:fs";
import { join } from "node:path";
import { sharedTargetDir } from "./cargo-env.js";
import { exec } from "../../src/util/exec.js";

/** The aarch64 Linux target the Debian cross toolchain builds. */
export const ARM64 = "aarch64-unknown-linux-gnu";

/** The host target of this machine kind (Linux x86_64), which every toolchain here builds. */
export const HOST = "x86_64-unknown-linux-gnu";

/**
 * Environment for Debian's Rust (rustc-web/cargo-web at /usr/bin, with `libstd-rust-web-dev:arm64`) and its
 * aarch64 cross linker: the host and `aarch64-unknown-linux-gnu` both build with plain cargo.
 */
export function debianCrossEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return {
    ...base,
    RUSTC: "/usr/bin/rustc",
    CARGO: "/usr/bin/cargo",
    CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER: "aarch64-linux-gnu-gcc",
  };
}

/** True when Debian's rustc, the arm64 std and the cross linker are installed (see `.ci/install-system.sh`). */
export const hasDebianCross = (): boolean =>
  existsSync("/usr/bin/rustc") &&
  existsSync("/usr/bin/cargo") &&
  existsSync(`/usr/lib/rustlib/${ARM64}/lib`) &&
  existsSync("/usr/bin/aarch64-linux-gnu-gcc");

/** Runs an aarch64 Linux binary through qemu user emulation (binfmt_misc is not mounted here). */
export function runArm64(
  binary: string,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  return exec("qemu-aarch64-static", ["-L", "/usr/aarch64-linux-gnu", binary, ...args], { reject: false });
}

/**
 * A cargo target dir for one test file, inside the shared one. Every test repo is its own copy of examples/, so
 * cargo rebuilds it anyway (path sources hash by path, and each build embeds its own commit); a folder per file
 * keeps another file's build from replacing `<target>/release/rgreet` between our build and our packaging.
 */
export const fileTargetDir = (file: string): string => join(sharedTargetDir, "per-file", file);
