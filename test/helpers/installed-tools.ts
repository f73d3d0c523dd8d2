import type { InstalledTools } from "../../src/binaries/builders.js";
import { HOST } from "./cross-toolchain.js";

export const ARM = "aarch64-unknown-linux-gnu";
export const WIN = "x86_64-pc-windows-msvc";

/** A toolchain for pure plan tests: the host, arm64 linux (with its linker) and Windows (with cargo-xwin). */
export const fakeTools: InstalledTools = {
  cargo: "cargo",
  cargoVersion: "1.80.0",
  knownTargets: [HOST, ARM, WIN],
  installedStd: [HOST, ARM, WIN],
  rustup: true,
  builders: ["cargo", "cargo-xwin"],
  linkers: { [ARM]: "aarch64-linux-gnu-gcc" },
};
