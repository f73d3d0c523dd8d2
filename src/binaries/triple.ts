/** What a target triple says about the platform it runs on. */
interface TripleInfo {
  arch: string;
  os: string;
  env: string;
}

const OSES = [
  "linux",
  "darwin",
  "windows",
  "freebsd",
  "netbsd",
  "openbsd",
  "android",
  "ios",
  "illumos",
  "solaris",
];

/** Splits `aarch64-unknown-linux-gnu` into arch `aarch64`, os `linux`, env `gnu`. */
export function parseTriple(triple: string): TripleInfo {
  const parts = triple.split("-");
  const arch = parts[0] ?? "";
  const osIndex = parts.findIndex((p, i) => i > 0 && OSES.some((o) => p.startsWith(o)));
  const os = osIndex > 0 ? (OSES.find((o) => (parts[osIndex] as string).startsWith(o)) as string) : "";
  return { arch, os, env: osIndex > 0 ? parts.slice(osIndex + 1).join("-") : "" };
}

const isWindows = (triple: string): boolean => parseTriple(triple).os === "windows";
export const isWindowsMsvc = (triple: string): boolean => isWindows(triple) && triple.endsWith("-msvc");
export const isLinux = (triple: string): boolean => parseTriple(triple).os === "linux";
export const isApple = (triple: string): boolean => ["darwin", "ios"].includes(parseTriple(triple).os);

/** The executable's file name on that target (`rgreet.exe` on Windows). */
export const exeName = (bin: string, triple: string): string => (isWindows(triple) ? `${bin}.exe` : bin);

/** True when a binary for `triple` runs on `host`: same triple, or same CPU and OS (x86_64 musl on x86_64 gnu). */
export function runsOnHost(triple: string, host: string): boolean {
  if (triple === host) return true;
  const t = parseTriple(triple);
  const h = parseTriple(host);
  return t.os !== "" && t.arch === h.arch && t.os === h.os;
}
