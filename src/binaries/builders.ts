import type { BuilderChoice, BuilderName } from "../config/options/binaries.js";
import { linkerEnvName, linkerFor } from "./linker-config.js";
import type { Toolchain } from "./toolchain.js";
import { isApple, isLinux, isWindowsMsvc, parseTriple } from "./triple.js";

/** The tools `planBuilds` reads; `Toolchain` without the host. */
export type InstalledTools = Omit<Toolchain, "host">;

export type BuilderProblem =
  | { kind: "no-builder"; target: string; builder: BuilderName; hint: string }
  | { kind: "no-std"; target: string; builder: BuilderName; hint: string }
  | { kind: "no-auto-builder"; target: string; hints: string[] };

type BuilderDecision = { builder: BuilderName; reason: string } | { problem: BuilderProblem };

const installHint: Record<Exclude<BuilderName, "cargo">, string> = {
  cross: "Install it with `cargo install cross` (it also needs docker or podman).",
  "cargo-zigbuild": "Install it with `cargo install cargo-zigbuild` and zig (`pip install ziglang`).",
  "cargo-xwin": "Install it with `cargo install cargo-xwin`.",
};

function stdHint(target: string, tools: InstalledTools): string {
  return tools.rustup
    ? `Install it with \`rustup target add ${target}\`.`
    : `Install the standard library for ${target} into the sysroot of your rustc (for Debian: \`libstd-rust-dev:<arch>\`), or use rustup (\`rustup target add ${target}\`).`;
}

/** Builders that run the local rustc and so need the target's std installed. */
const needsLocalStd = (b: BuilderName): boolean => b !== "cross";

/** Whether a builder can build a triple at all. */
function canBuild(builder: BuilderName, target: string): boolean {
  if (builder === "cargo-zigbuild") return isLinux(target) || isApple(target);
  if (builder === "cargo-xwin") return isWindowsMsvc(target);
  if (builder === "cross") return isLinux(target);
  return true;
}

/** Checks an explicitly named builder. */
function checkExplicit(
  builder: BuilderName,
  target: string,
  host: string,
  tools: InstalledTools,
): BuilderDecision {
  if (builder !== "cargo" && !tools.builders.includes(builder)) {
    return { problem: { kind: "no-builder", target, builder, hint: installHint[builder] } };
  }
  if (needsLocalStd(builder) && target !== host && !tools.installedStd.includes(target)) {
    return { problem: { kind: "no-std", target, builder, hint: stdHint(target, tools) } };
  }
  return { builder, reason: "set in the configuration" };
}

/**
 * Picks the builder of one target: the host builds with cargo; a target whose std is installed and whose
 * linker the user configured builds with cargo (their own setup); else cargo-zigbuild (linux, macOS),
 * cargo-xwin (windows-msvc), cross (linux) when installed; else cargo when the std is installed and the
 * target shares the host's CPU and OS (the host linker can link it).
 */
export function chooseBuilder(
  choice: BuilderChoice,
  target: string,
  host: string,
  tools: InstalledTools,
): BuilderDecision {
  if (choice !== "auto") return checkExplicit(choice, target, host, tools);
  if (target === host) return { builder: "cargo", reason: "host target" };
  const std = tools.installedStd.includes(target);
  const linker = linkerFor(tools.linkers, target);
  if (std && linker) return { builder: "cargo", reason: `std installed and linker ${linker} configured` };
  for (const b of ["cargo-zigbuild", "cargo-xwin", "cross"] as const) {
    if (canBuild(b, target) && tools.builders.includes(b) && (!needsLocalStd(b) || std)) {
      return { builder: b, reason: `${b} is installed and builds ${parseTriple(target).os} targets` };
    }
  }
  const h = parseTriple(host);
  const t = parseTriple(target);
  if (std && t.arch === h.arch && t.os === h.os)
    return { builder: "cargo", reason: "std installed, same CPU and OS as the host" };
  const hints = [
    `the standard library (${stdHint(target, tools)
      .replace(/^Install it with /, "")
      .replace(
        /\.$/,
        "",
      )}) and a linker (\`${linkerEnvName(target)}\` or \`[target.${target}] linker\` in \`.cargo/config.toml\`)`,
  ];
  if (canBuild("cargo-zigbuild", target)) hints.push("`cargo install cargo-zigbuild` and zig");
  if (canBuild("cargo-xwin", target)) hints.push("`cargo install cargo-xwin`");
  if (canBuild("cross", target)) hints.push("`cargo install cross` (with docker or podman)");
  return { problem: { kind: "no-auto-builder", target, hints } };
}

/** The command line that starts a builder: `cargo build`, `cargo zigbuild`, `cargo xwin build`, `cross build`. */
export function builderCommand(builder: BuilderName, cargo: string): { program: string; args: string[] } {
  switch (builder) {
    case "cargo":
      return { program: cargo, args: ["build"] };
    case "cargo-zigbuild":
      return { program: cargo, args: ["zigbuild"] };
    case "cargo-xwin":
      return { program: cargo, args: ["xwin", "build"] };
    case "cross":
      return { program: "cross", args: ["build"] };
  }
}

/** cargo ≥ 1.64 builds several `--target`s in one invocation; the wrappers get one target each. */
export function allowsMultiTarget(builder: BuilderName, cargoVersion: string): boolean {
  const [major = 0, minor = 0] = cargoVersion.split(".").map(Number);
  return builder === "cargo" && (major > 1 || (major === 1 && minor >= 64));
}
