import { open } from "node:fs/promises";

/** Reads `length` bytes at `offset` (fewer at the end of the file). */
export type ReadAt = (offset: number, length: number) => Promise<Buffer>;

const SHT_GNU_VERNEED = 0x6ffffffe;
const PT_INTERP = 3;

/** Little- or big-endian readers over a buffer, 64-bit values as numbers (offsets in a file fit). */
const reader = (b: Buffer, le: boolean) => ({
  u16: (o: number) => (le ? b.readUInt16LE(o) : b.readUInt16BE(o)),
  u32: (o: number) => (le ? b.readUInt32LE(o) : b.readUInt32BE(o)),
  u64: (o: number) => Number(le ? b.readBigUInt64LE(o) : b.readBigUInt64BE(o)),
});

const compareVersions = (a: string, b: string): number => {
  const [x, y] = [a, b].map((v) => v.split(".").map(Number));
  for (let i = 0; i < Math.max(x?.length ?? 0, y?.length ?? 0); i++) {
    const d = (x?.[i] ?? 0) - (y?.[i] ?? 0);
    if (d) return d;
  }
  return 0;
};

/** The highest `GLIBC_x.y` among the version needs of the `.gnu.version_r` section, or undefined. */
async function glibcFloor(read: ReadAt, h: Buffer, is64: boolean, le: boolean): Promise<string | undefined> {
  const r = reader(h, le);
  const [shoff, shentsize, shnum] = is64
    ? [r.u64(0x28), r.u16(0x3a), r.u16(0x3c)]
    : [r.u32(0x20), r.u16(0x2e), r.u16(0x30)];
  if (!shoff || !shnum) return undefined;
  const table = await read(shoff, shentsize * shnum);
  const sh = reader(table, le);
  const section = (i: number) => {
    const o = i * shentsize;
    return is64
      ? { type: sh.u32(o + 4), offset: sh.u64(o + 0x18), size: sh.u64(o + 0x20), link: sh.u32(o + 0x28) }
      : { type: sh.u32(o + 4), offset: sh.u32(o + 0x10), size: sh.u32(o + 0x14), link: sh.u32(o + 0x18) };
  };
  let floor: string | undefined;
  for (let i = 0; i < shnum && (i + 1) * shentsize <= table.length; i++) {
    const s = section(i);
    if (s.type !== SHT_GNU_VERNEED) continue;
    const strtab = section(s.link);
    const [data, strings] = [await read(s.offset, s.size), await read(strtab.offset, strtab.size)];
    const v = reader(data, le);
    for (let need = 0, guard = 0; need + 16 <= data.length && guard < 1000; guard++) {
      for (let aux = need + v.u32(need + 8), n = v.u16(need + 2); n > 0 && aux + 16 <= data.length; n--) {
        const nameAt = v.u32(aux + 8);
        const name = strings.subarray(nameAt, strings.indexOf(0, nameAt)).toString("latin1");
        const m = /^GLIBC_(\d+(?:\.\d+)*)$/.exec(name);
        if (m && (!floor || compareVersions(m[1] as string, floor) > 0)) floor = m[1];
        const next = v.u32(aux + 12);
        if (!next) break;
        aux += next;
      }
      const next = v.u32(need + 12);
      if (!next) break;
      need += next;
    }
  }
  return floor;
}

/** The `PT_INTERP` path of an ELF file (its dynamic loader), or undefined for a static one. */
async function interpreter(read: ReadAt, h: Buffer, is64: boolean, le: boolean): Promise<string | undefined> {
  const r = reader(h, le);
  const [phoff, phentsize, phnum] = is64
    ? [r.u64(0x20), r.u16(0x36), r.u16(0x38)]
    : [r.u32(0x1c), r.u16(0x2a), r.u16(0x2c)];
  const table = await read(phoff, phentsize * phnum);
  const p = reader(table, le);
  for (let i = 0; i < phnum && (i + 1) * phentsize <= table.length; i++) {
    const o = i * phentsize;
    if (p.u32(o) !== PT_INTERP) continue;
    const [offset, size] = is64 ? [p.u64(o + 8), p.u64(o + 0x20)] : [p.u32(o + 4), p.u32(o + 0x10)];
    return (await read(offset, size)).toString("latin1").replace(/\0.*$/s, "");
  }
  return undefined;
}

/** ELF: `glibc >= 2.17` from the symbol versions, `static` without a dynamic loader, else the loader's name. */
async function elfRequirement(read: ReadAt, head: Buffer): Promise<string> {
  const is64 = head[4] === 2;
  const le = head[5] !== 2;
  const h = await read(0, is64 ? 64 : 52);
  const interp = await interpreter(read, h, is64, le);
  if (!interp) return "static";
  const glibc = await glibcFloor(read, h, is64, le);
  if (glibc) return `glibc >= ${glibc}`;
  return /musl/.test(interp) ? "musl libc" : `dynamic loader ${interp}`;
}

const MACHO_ARCH: Record<number, string> = { 0x01000007: "x86_64", 0x0100000c: "arm64", 7: "i386" };
const LC_VERSION_MIN_MACOSX = 0x24;
const LC_BUILD_VERSION = 0x32;
const PLATFORM_MACOS = 1;

/** `0x000b0000` (xxxx.yy.zz) → `11.0`, with `.z` when not zero. */
const machoVersion = (v: number): string =>
  `${v >>> 16}.${(v >>> 8) & 0xff}${v & 0xff ? `.${v & 0xff}` : ""}`;

/** Mach-O (thin or the first slice of a fat file): `macOS >= 11.0 (arm64)` from the build-version load command. */
async function machoRequirement(read: ReadAt, head: Buffer): Promise<string> {
  let base = 0;
  if (head.readUInt32BE(0) === 0xcafebabe) base = (await read(8 + 8, 4)).readUInt32BE(0);
  const h = await read(base, 32);
  const magic = h.readUInt32LE(0);
  const le = magic === 0xfeedfacf || magic === 0xfeedface;
  const r = reader(h, le);
  const arch = MACHO_ARCH[r.u32(4)] ?? `cpu ${r.u32(4)}`;
  const headerSize = r.u32(0) === 0xfeedfacf ? 32 : 28;
  const cmds = await read(base + headerSize, r.u32(20));
  const c = reader(cmds, le);
  for (let o = 0, n = r.u32(16); n > 0 && o + 16 <= cmds.length; n--) {
    const [cmd, size] = [c.u32(o), c.u32(o + 4)];
    if (cmd === LC_BUILD_VERSION && c.u32(o + 8) === PLATFORM_MACOS)
      return `macOS >= ${machoVersion(c.u32(o + 12))} (${arch})`;
    if (cmd === LC_VERSION_MIN_MACOSX) return `macOS >= ${machoVersion(c.u32(o + 8))} (${arch})`;
    if (size < 8) break;
    o += size;
  }
  return `macOS (${arch})`;
}

const PE_MACHINE: Record<number, string> = { 0x8664: "x64", 0x14c: "x86", 0xaa64: "ARM64", 0x1c4: "ARM" };

/** PE: `Windows x64` from the COFF header's machine field. */
async function peRequirement(read: ReadAt, head: Buffer): Promise<string> {
  const at = head.readUInt32LE(0x3c);
  const pe = await read(at, 6);
  if (pe.length < 6 || pe.readUInt32LE(0) !== 0x4550) return "Windows";
  const machine = pe.readUInt16LE(4);
  return `Windows ${PE_MACHINE[machine] ?? `machine 0x${machine.toString(16)}`}`;
}

/**
 * What a binary needs to run, read from its headers: the glibc floor (`glibc >= 2.17`, from the ELF symbol
 * versions of `.gnu.version_r`), `static` for static (musl) binaries, the macOS minimum from the Mach-O
 * `LC_BUILD_VERSION`/`LC_VERSION_MIN_MACOSX`, the Windows architecture from the PE header. Undefined when the
 * format is not one of these.
 */
export async function systemRequirement(read: ReadAt): Promise<string | undefined> {
  const head = await read(0, 64);
  if (head.length < 16) return undefined;
  if (head.readUInt32BE(0) === 0x7f454c46) return elfRequirement(read, head);
  const magic = head.readUInt32LE(0);
  if ([0xfeedfacf, 0xfeedface].includes(magic) || head.readUInt32BE(0) === 0xcafebabe)
    return machoRequirement(read, head);
  if (head.length >= 0x40 && head.toString("latin1", 0, 2) === "MZ") return peRequirement(read, head);
  return undefined;
}

/** `systemRequirement` of a file on disk, reading only the headers and tables it needs. */
export async function fileRequirement(path: string): Promise<string | undefined> {
  const file = await open(path, "r");
  try {
    return await systemRequirement(async (offset, length) => {
      const buf = Buffer.alloc(Math.max(0, Math.min(length, 64 * 1024 * 1024)));
      const { bytesRead } = await file.read(buf, 0, buf.length, offset);
      return buf.subarray(0, bytesRead);
    });
  } finally {
    await file.close();
  }
}

/** A readAt over bytes in memory (tests, small headers). */
export const bufferReader =
  (b: Buffer): ReadAt =>
  (offset, length) =>
    Promise.resolve(b.subarray(offset, offset + length));
