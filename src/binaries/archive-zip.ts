import { stat } from "node:fs/promises";
import type { ArchiveEntry } from "./archive-layout.js";
import { blockDeflate, blockDeflateSync, type DeflateOptions, type DeflateTotals } from "./archive-gzip.js";
import { readExactly } from "./archive-tar.js";

const LIMIT = 0xffffffff;
const UTF8 = 0x0800;
const DESCRIPTOR = 0x0008;

/** MS-DOS date and time of `mtime` (seconds), read in UTC so that the result does not depend on the machine. */
export function dosDateTime(mtime: number): { date: number; time: number } {
  const d = new Date(
    Math.min(Math.max(mtime * 1000, Date.UTC(1980, 0, 1)), Date.UTC(2107, 11, 31, 23, 59, 58)),
  );
  const date = ((d.getUTCFullYear() - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate();
  const time = (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | Math.floor(d.getUTCSeconds() / 2);
  return { date, time };
}

interface Central {
  name: Buffer;
  flags: number;
  method: number;
  crc: number;
  csize: number;
  usize: number;
  external: number;
  offset: number;
  /** Sizes written as ZIP64 (decided before the data, from the file's size). */
  zip64: boolean;
}

/**
 * Deflate may grow incompressible data by a few bytes per block: a file this close to 4 GiB gets ZIP64 sizes
 * (decided before its data is written, since the local header says so).
 */
const needsZip64 = (size: number): boolean => size + Math.ceil(size / 1000) + 4096 >= LIMIT;

/** A ZIP64 extended information extra field (tag 0x0001) with the given 8-byte values. */
function zip64Extra(values: number[]): Buffer {
  const b = Buffer.alloc(4 + 8 * values.length);
  b.writeUInt16LE(0x0001, 0);
  b.writeUInt16LE(8 * values.length, 2);
  values.forEach((v, i) => b.writeBigUInt64LE(BigInt(v), 4 + 8 * i));
  return b;
}

function localHeader(c: Central, dos: { date: number; time: number }): Buffer {
  const extra = c.zip64 ? zip64Extra([0, 0]) : Buffer.alloc(0);
  const b = Buffer.alloc(30);
  b.writeUInt32LE(0x04034b50, 0);
  b.writeUInt16LE(c.zip64 ? 45 : 20, 4);
  b.writeUInt16LE(c.flags, 6);
  b.writeUInt16LE(c.method, 8);
  b.writeUInt16LE(dos.time, 10);
  b.writeUInt16LE(dos.date, 12);
  // crc and sizes stay 0 for files: they follow the data in a data descriptor (ZIP64: 0xffffffff, sizes in extra).
  if (c.zip64) b.writeUInt32LE(LIMIT, 18);
  if (c.zip64) b.writeUInt32LE(LIMIT, 22);
  b.writeUInt16LE(c.name.length, 26);
  b.writeUInt16LE(extra.length, 28);
  return Buffer.concat([b, c.name, extra]);
}

function centralHeader(c: Central, dos: { date: number; time: number }): Buffer {
  const large = c.zip64 || c.csize >= LIMIT || c.usize >= LIMIT || c.offset >= LIMIT;
  const extra = large ? zip64Extra([c.usize, c.csize, c.offset]) : Buffer.alloc(0);
  const b = Buffer.alloc(46);
  b.writeUInt32LE(0x02014b50, 0);
  b.writeUInt16LE((3 << 8) | (large ? 45 : 20), 4); // made by Unix, so the external attributes carry the mode
  b.writeUInt16LE(large ? 45 : 20, 6);
  b.writeUInt16LE(c.flags, 8);
  b.writeUInt16LE(c.method, 10);
  b.writeUInt16LE(dos.time, 12);
  b.writeUInt16LE(dos.date, 14);
  b.writeUInt32LE(c.crc >>> 0, 16);
  b.writeUInt32LE(large ? LIMIT : c.csize, 20);
  b.writeUInt32LE(large ? LIMIT : c.usize, 24);
  b.writeUInt16LE(c.name.length, 28);
  b.writeUInt16LE(extra.length, 30);
  b.writeUInt32LE(c.external >>> 0, 38);
  b.writeUInt32LE(large ? LIMIT : c.offset, 42);
  return Buffer.concat([b, c.name, extra]);
}

/** The data descriptor after a file's data: CRC-32 and sizes, 8-byte sizes for a ZIP64 entry. */
function descriptor(c: Central): Buffer {
  const d = Buffer.alloc(c.zip64 ? 24 : 16);
  d.writeUInt32LE(0x08074b50, 0);
  d.writeUInt32LE(c.crc >>> 0, 4);
  if (c.zip64) {
    d.writeBigUInt64LE(BigInt(c.csize), 8);
    d.writeBigUInt64LE(BigInt(c.usize), 16);
  } else {
    d.writeUInt32LE(c.csize, 8);
    d.writeUInt32LE(c.usize, 12);
  }
  return d;
}

/** End of central directory, preceded by the ZIP64 end record and locator when a count or offset overflows. */
function endRecords(count: number, cdSize: number, cdOffset: number): Buffer {
  const large = count > 0xffff || cdSize >= LIMIT || cdOffset >= LIMIT;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(large ? 0xffff : count, 8);
  end.writeUInt16LE(large ? 0xffff : count, 10);
  end.writeUInt32LE(large ? LIMIT : cdSize, 12);
  end.writeUInt32LE(large ? LIMIT : cdOffset, 16);
  if (!large) return end;
  const end64 = Buffer.alloc(56);
  end64.writeUInt32LE(0x06064b50, 0);
  end64.writeBigUInt64LE(44n, 4);
  end64.writeUInt16LE((3 << 8) | 45, 12);
  end64.writeUInt16LE(45, 14);
  end64.writeBigUInt64LE(BigInt(count), 24);
  end64.writeBigUInt64LE(BigInt(count), 32);
  end64.writeBigUInt64LE(BigInt(cdSize), 40);
  end64.writeBigUInt64LE(BigInt(cdOffset), 48);
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(0x07064b50, 0);
  locator.writeBigUInt64LE(BigInt(cdOffset + cdSize), 8);
  locator.writeUInt32LE(1, 16);
  return Buffer.concat([end64, locator, end]);
}

/**
 * A zip stream of `entries` (normalized, without links) under `topDir/`: Unix modes, DOS time from `mtime` in UTC,
 * deflate at `level` (block-parallel, see `blockDeflate`), sizes and CRC in data descriptors so files are read
 * only once, ZIP64 records only where a size, offset or count needs them (files of 4 GiB and more).
 * Our own writer rather than `yazl`: yazl adds a timestamp extra field and takes DOS times in the machine's time
 * zone unless told otherwise, and deflates each entry on one core; here every entry uses the block-parallel deflate
 * of the tar.gz archives, with no dependency.
 */
export async function* zipStream(
  topDir: string,
  entries: readonly ArchiveEntry[],
  mtime: number,
  deflate: DeflateOptions,
): AsyncGenerator<Buffer> {
  const dos = dosDateTime(mtime);
  const central: Central[] = [];
  let offset = 0;
  const all: ArchiveEntry[] = [{ path: "", type: "dir", mode: 0o755 }, ...entries];
  for (const e of all) {
    const path = e.path === "" ? `${topDir}/` : `${topDir}/${e.path}${e.type === "dir" ? "/" : ""}`;
    if (e.type === "symlink") throw new Error(`zip entry ${path} is a link; materialize links first`);
    const dir = e.type === "dir";
    const mode = (dir ? 0o040000 : 0o100000) | (e.mode & 0o7777);
    const content = typeof e.content === "string" ? Buffer.from(e.content) : e.content;
    const size = dir ? 0 : (content?.length ?? (await stat(e.source ?? "")).size);
    const c: Central = {
      name: Buffer.from(path),
      flags: dir ? UTF8 : UTF8 | DESCRIPTOR,
      method: dir ? 0 : 8,
      crc: 0,
      csize: 0,
      usize: 0,
      external: (mode << 16) | (dir ? 0x10 : 0),
      offset,
      zip64: needsZip64(size),
    };
    const head = localHeader(c, dos);
    yield head;
    offset += head.length;
    central.push(c);
    if (dir) continue;
    if (content !== undefined) {
      const { deflated, crc } = blockDeflateSync(content, deflate.level);
      Object.assign(c, { crc, usize: content.length, csize: deflated.length });
      yield deflated;
    } else {
      const totals: DeflateTotals = { crc: 0, size: 0, compressed: 0 };
      yield* blockDeflate(readExactly(e.source ?? "", size), deflate, totals);
      Object.assign(c, { crc: totals.crc, usize: totals.size, csize: totals.compressed });
    }
    const desc = descriptor(c);
    yield desc;
    offset += c.csize + desc.length;
  }
  const cd = Buffer.concat(central.map((c) => centralHeader(c, dos)));
  yield Buffer.concat([cd, endRecords(central.length, cd.length, offset)]);
}
