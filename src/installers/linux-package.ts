import { readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { Readable } from "node:stream";
import { glob } from "tinyglobby";
import type { ArchiveEntry } from "../binaries/archive-layout.js";
import { gzipSyncBlocks } from "../binaries/archive-gzip.js";
import type { CompletionFiles, LinuxPackagesOption } from "../config/options/linux-packages.js";
import { getError } from "../errors/get-error.js";
import { platformOf } from "./platforms.js";

/** Debian and RPM names of the Rust architectures (`platformOf`'s arch) the packages are made for. */
const ARCH_NAMES: Record<string, { deb: string; rpm: string }> = {
  x86_64: { deb: "amd64", rpm: "x86_64" },
  aarch64: { deb: "arm64", rpm: "aarch64" },
  armv7: { deb: "armhf", rpm: "armv7hl" },
  i686: { deb: "i386", rpm: "i686" },
  riscv64: { deb: "riscv64", rpm: "riscv64" },
  powerpc64le: { deb: "ppc64el", rpm: "ppc64le" },
  s390x: { deb: "s390x", rpm: "s390x" },
};

/** A Linux target the packages are made for, with its architecture names and libc. */
export interface PackageTarget {
  target: string;
  deb: string;
  rpm: string;
  libc: "gnu" | "musl";
}

/** The package architectures of a Rust target, or undefined for one no `.deb`/`.rpm` is made for. Pure. */
export function packageTargetOf(target: string): PackageTarget | undefined {
  const p = platformOf(target);
  const names = p && p.os === "linux" ? ARCH_NAMES[p.arch] : undefined;
  if (!p || !names || p.libc === "") return undefined;
  if (p.arch === "armv7" && !target.endsWith("hf")) return undefined;
  return { target, ...names, libc: p.libc };
}

/** SemVer as a Debian upstream version: `1.2.3-beta.1` → `1.2.3~beta.1` (sorts before `1.2.3`). Pure. */
export const debVersion = (v: string): string => {
  const [core = v, build] = v.split("+", 2);
  const dash = core.indexOf("-");
  const base = dash < 0 ? core : `${core.slice(0, dash)}~${core.slice(dash + 1).replace(/-/g, ".")}`;
  return build ? `${base}+${build.replace(/-/g, ".")}` : base;
};

/** SemVer as an RPM `Version` (no `-`): the same `~` for prereleases, `+` build metadata kept. Pure. */
export const rpmVersion = (v: string): string => debVersion(v);

/** A package name both formats accept: lower case, `[a-z0-9+.-]`, starting with a letter or digit. Pure. */
export const packageNameOf = (name: string): string =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9+.-]/g, "-")
    .replace(/^[^a-z0-9]+/, "");

/** The glibc floor of `glibc >= 2.17` (the binaries' `requires`), none for static or unknown builds. */
export function glibcFloorOf(requires: readonly (string | undefined)[]): string | undefined {
  let floor: string | undefined;
  for (const r of requires) {
    const m = /^glibc >= (\d+(?:\.\d+)*)$/.exec(r ?? "");
    const v = m?.[1];
    if (v && (!floor || v.localeCompare(floor, undefined, { numeric: true }) > 0)) floor = v;
  }
  return floor;
}

/** `Depends` of the `.deb` and `Requires` of the `.rpm`: the override, else glibc for dynamic gnu builds. Pure. */
export function dependenciesOf(
  t: PackageTarget,
  glibc: string | undefined,
  override: LinuxPackagesOption["depends"],
): { deb: string[]; rpm: string[] } {
  const libc = t.libc === "gnu" && glibc;
  return {
    deb: override?.deb ?? (libc ? [`libc6 (>= ${glibc})`] : []),
    rpm: override?.rpm ?? (libc ? [`glibc >= ${glibc}`] : []),
  };
}

/** The text of `/usr/share/doc/<name>/copyright` in Debian's machine-readable format. Pure. */
export function copyrightText(o: {
  name: string;
  source?: string;
  holder: string;
  license?: string;
  text?: string;
}) {
  const indent = (t: string) =>
    t
      .replace(/\s+$/, "")
      .split("\n")
      .map((l) => (l.trim() === "" ? " ." : ` ${l.replace(/\s+$/, "")}`));
  const lines = [
    "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/",
    `Upstream-Name: ${o.name}`,
    ...(o.source ? [`Source: ${o.source}`] : []),
    "",
    "Files: *",
    `Copyright: ${o.holder}`,
    `License: ${o.license ?? "see below"}`,
    ...(o.text ? indent(o.text) : []),
  ];
  return `${lines.join("\n")}\n`;
}

/** The bytes of a file entry: its `content`, or the file `source` names. */
export const entryBytes = async (e: ArchiveEntry): Promise<Buffer> =>
  e.content === undefined ? readFile(e.source ?? "") : Buffer.from(e.content);

/** Every chunk of a stream (a compressor's output) in one buffer. */
export async function collect(chunks: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of Readable.from(chunks)) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

/** `gzip -9n`: no name, no time in the header, the same bytes for the same text. Pure. */
export const gzip9n = (data: string | Buffer): Buffer => gzipSyncBlocks(Buffer.from(data), 9);

const COMPLETION_PATHS: Record<keyof CompletionFiles, (n: string) => string> = {
  bash: (n) => `usr/share/bash-completion/completions/${n}`,
  zsh: (n) => `usr/share/zsh/vendor-completions/_${n}`,
  fish: (n) => `usr/share/fish/vendor_completions.d/${n}.fish`,
};

/**
 * The man pages (`manPages` globs under `cwd`, `name.<section>` gzipped into `usr/share/man/man<section>/`) and
 * completions of the packages; `ELINUXPACKAGEFILES` for a glob that matches nothing or a file that is missing.
 */
export async function docEntries(cwd: string, name: string, o: LinuxPackagesOption): Promise<ArchiveEntry[]> {
  const entries: ArchiveEntry[] = [];
  for (const pattern of o.manPages ?? []) {
    const files = (await glob(pattern, { cwd, onlyFiles: true })).sort();
    if (files.length === 0) throw getError("ELINUXPACKAGEFILES", { option: "manPages", pattern, cwd });
    for (const file of files) {
      const m = /\.([1-9])[a-z]*(\.gz)?$/.exec(file);
      if (!m) throw getError("ELINUXPACKAGEFILES", { option: "manPages", pattern: file, cwd });
      const data = await readFile(join(cwd, file));
      const page = basename(file).replace(/\.gz$/, "");
      entries.push({
        path: `usr/share/man/man${m[1]}/${page}.gz`,
        type: "file",
        mode: 0o644,
        content: m[2] ? data : gzip9n(data),
      });
    }
  }
  for (const [shell, file] of Object.entries(o.completions ?? {}) as [keyof CompletionFiles, string][]) {
    const content = await readFile(join(cwd, file)).catch(() => {
      throw getError("ELINUXPACKAGEFILES", { option: `completions.${shell}`, pattern: file, cwd });
    });
    entries.push({ path: COMPLETION_PATHS[shell](name), type: "file", mode: 0o644, content });
  }
  return entries;
}

/** What the packages of a release say about the program, whatever the target and format. */
export interface PackageFields {
  maintainer: string;
  section: string;
  homepage?: string;
  license?: string;
  /** One line, no final period. */
  summary: string;
  description: string;
}

/** Everything one `.deb` or `.rpm` is made of. */
export interface LinuxPackageInput extends PackageFields {
  name: string;
  /** SemVer of the release. */
  version: string;
  /** The format's architecture name (`amd64`, `aarch64`). */
  arch: string;
  /** `Depends` (deb) or `Requires` (rpm) entries. */
  depends: string[];
  /** Files under the root (`usr/bin/rgreet`), from disk (`source`) or generated (`content`). */
  entries: ArchiveEntry[];
  /** `SOURCE_DATE_EPOCH`: the release commit's time, every timestamp of the package. */
  mtime: number;
}

/** The short description: the first sentence of `description`, without its period, at most 80 characters. */
export const summaryOf = (description: string): string =>
  (/^(.*?[^.])\.(\s|$)/.exec(description.trim())?.[1] ?? description.trim()).replace(/\.$/, "").slice(0, 80);
