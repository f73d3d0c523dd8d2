import { ARCHIVE_FORMATS, type ArchiveFormat } from "../binaries/archive-layout.js";
import { parseTriple } from "../binaries/triple.js";

/** The operating systems the installers serve, named as the scripts name them. */
export type InstallOs = "linux" | "darwin" | "freebsd" | "windows";

/** A platform as the install scripts see it: `uname -s`/`uname -m` normalized, and the libc on Linux. */
export interface Platform {
  os: InstallOs;
  /** `x86_64`, `aarch64`, `i686`, `armv7`, `arm`, `riscv64`, `powerpc64le`, `s390x`, ... */
  arch: string;
  /** `gnu` or `musl` on Linux; `""` elsewhere. */
  libc: "gnu" | "musl" | "";
}

/** One archive of the release with the platform it runs on. */
export interface PlatformArchive extends Platform {
  target: string;
  /** The archive's file name in the release. */
  file: string;
  format: ArchiveFormat;
  /** Its top folder: the file name without the format. */
  topDir: string;
  /** Lower-case hex; absent in a preview made before the build. */
  sha256?: string;
  /** Windows ABI (`msvc`, `gnu`, `gnullvm`): install.ps1 prefers msvc. */
  abi?: string;
}

const OSES: readonly InstallOs[] = ["linux", "darwin", "freebsd", "windows"];
const ARCHES: Record<string, string> = { i386: "i686", i586: "i686", riscv64gc: "riscv64" };

/** The platform a Rust target triple runs on, or `undefined` for one no installer serves (android, wasm...). */
export function platformOf(triple: string): Platform | undefined {
  const t = parseTriple(triple);
  const os = OSES.find((o) => o === t.os);
  if (!os) return undefined;
  const arch = ARCHES[t.arch] ?? t.arch;
  if (os !== "linux") return { os, arch, libc: "" };
  if (t.env.startsWith("musl")) return { os, arch, libc: "musl" };
  if (t.env.startsWith("gnu")) return { os, arch, libc: "gnu" };
  return undefined;
}

/** `linux/x86_64/gnu`, `darwin/aarch64/`: the key the install scripts look archives up by. */
export const platformKey = (p: Platform): string => `${p.os}/${p.arch}/${p.libc}`;

const formatOf = (file: string): ArchiveFormat | undefined =>
  ARCHIVE_FORMATS.find((f) => file.endsWith(`.${f}`));

/** The archives of a release that an installer can serve, in the order given. Pure. */
export function platformArchives(
  archives: readonly { target?: string; path: string; sha256?: string }[],
): PlatformArchive[] {
  return archives.flatMap((a) => {
    const platform = a.target ? platformOf(a.target) : undefined;
    const format = formatOf(a.path);
    if (!a.target || !platform || !format) return [];
    return [
      {
        ...platform,
        target: a.target,
        file: a.path,
        format,
        topDir: a.path.slice(0, -(format.length + 1)),
        ...(a.sha256 ? { sha256: a.sha256 } : {}),
        ...(platform.os === "windows" ? { abi: parseTriple(a.target).env } : {}),
      },
    ];
  });
}

/**
 * One archive per platform key: the first listed, except that `prefer` ranks the candidates (install.ps1
 * prefers msvc builds, the formula musl builds).
 */
export function onePerPlatform(
  archives: readonly PlatformArchive[],
  rank: (a: PlatformArchive) => number = () => 0,
): PlatformArchive[] {
  const best = new Map<string, PlatformArchive>();
  for (const a of archives) {
    const key = a.os === "windows" ? `${a.os}/${a.arch}` : platformKey(a);
    const have = best.get(key);
    if (!have || rank(a) < rank(have)) best.set(key, a);
  }
  return [...best.values()];
}
