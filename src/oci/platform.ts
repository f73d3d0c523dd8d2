import type { Platform } from "./media-types.js";

const ARCHES: Record<string, { architecture: string; variant?: string }> = {
  x86_64: { architecture: "amd64" },
  aarch64: { architecture: "arm64" },
  armv7: { architecture: "arm", variant: "v7" },
  arm: { architecture: "arm", variant: "v6" },
  i686: { architecture: "386" },
  riscv64gc: { architecture: "riscv64" },
  powerpc64le: { architecture: "ppc64le" },
  s390x: { architecture: "s390x" },
};

/** The container platform of a Rust target triple (`aarch64-unknown-linux-gnu` → linux/arm64); linux only. */
export function platformOfTarget(target: string): Platform | undefined {
  const parts = target.split("-");
  if (!parts.includes("linux")) return undefined;
  const arch = ARCHES[parts[0] ?? ""];
  if (!arch) return undefined;
  return { os: "linux", ...arch };
}

/** `linux/arm/v7` */
export const platformString = (p: Platform): string =>
  [p.os, p.architecture, p.variant].filter(Boolean).join("/");

/** Parses `linux/arm64` or `linux/arm/v7`. */
export function parsePlatform(text: string): Platform | undefined {
  const [os, architecture, variant, ...rest] = text.split("/");
  if (!os || !architecture || rest.length > 0) return undefined;
  return variant ? { os, architecture, variant } : { os, architecture };
}

/** arm64's `v8` variant is the same platform as no variant. */
const variantOf = (p: Platform): string =>
  p.architecture === "arm64" && p.variant === "v8" ? "" : (p.variant ?? "");

export const samePlatform = (a: Platform, b: Platform): boolean =>
  a.os === b.os && a.architecture === b.architecture && variantOf(a) === variantOf(b);
