import { stat } from "node:fs/promises";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream";
import { createDeflateRaw, crc32, deflateRawSync } from "node:zlib";
import { getError } from "../errors/get-error.js";
import type { ArchiveEntry } from "./archive-layout.js";
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
}

function localHeader(c: Central, dos: { date: number; time: number }): Buffer {
  const b = Buffer.alloc(30);
  b.writeUInt32LE(0x04034b50, 0);
  b.writeUInt16LE(20, 4);
  b.writeUInt16LE(c.flags, 6);
  b.writeUInt16LE(c.method, 8);
  b.writeUInt16LE(dos.time, 10);
  b.writeUInt16LE(dos.date, 12);
  // crc and sizes stay 0 for files: they follow the data in a data descriptor.
  b.writeUInt16LE(c.name.length, 26);
  return Buffer.concat([b, c.name]);
}

function centralHeader(c: Central, dos: { date: number; time: number }): Buffer {
  const b = Buffer.alloc(46);
  b.writeUInt32LE(0x02014b50, 0);
  b.writeUInt16LE((3 << 8) | 20, 4); // made by Unix, so the external attributes carry the mode
  b.writeUInt16LE(20, 6);
  b.writeUInt16LE(c.flags, 8);
  b.writeUInt16LE(c.method, 10);
  b.writeUInt16LE(dos.time, 12);
  b.writeUInt16LE(dos.date, 14);
  b.writeUInt32LE(c.crc, 16);
  b.writeUInt32LE(c.csize, 20);
  b.writeUInt32LE(c.usize, 24);
  b.writeUInt16LE(c.name.length, 28);
  b.writeUInt32LE(c.external >>> 0, 38);
  b.writeUInt32LE(c.offset, 42);
  return Buffer.concat([b, c.name]);
}

/** Deflates a file as it is read, updating the CRC-32 and sizes in `c`. */
async function* deflateFile(source: string, size: number, level: number, c: Central): AsyncGenerator<Buffer> {
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      c.crc = crc32(chunk, c.crc);
      c.usize += chunk.length;
      done(null, chunk);
    },
  });
  const deflate = createDeflateRaw({ level, chunkSize: 128 * 1024 });
  const out = pipeline(Readable.from(readExactly(source, size)), counter, deflate, () => undefined);
  for await (const chunk of out) {
    c.csize += (chunk as Buffer).length;
    yield chunk as Buffer;
  }
}

/**
 * A zip stream of `entries` (normalized, without links) under `topDir/`: no extra fields, Unix modes, DOS time
 * from `mtime` in UTC, deflate at `level`, sizes and CRC in data descriptors so files are read only once.
 */
export async function* zipStream(
  topDir: string,
  entries: readonly ArchiveEntry[],
  mtime: number,
  level: number,
): AsyncGenerator<Buffer> {
  const dos = dosDateTime(mtime);
  const central: Central[] = [];
  let offset = 0;
  const all: ArchiveEntry[] = [{ path: "", type: "dir", mode: 0o755 }, ...entries];
  for (const e of all) {
    const path = e.path === "" ? `${topDir}/` : `${topDir}/${e.path}${e.type === "dir" ? "/" : ""}`;
    if (offset > LIMIT) throw getError("EARCHIVETOOLARGE", { path, size: offset });
    const dir = e.type === "dir";
    const mode = (dir ? 0o040000 : 0o100000) | (e.mode & 0o7777);
    const c: Central = {
      name: Buffer.from(path),
      flags: dir ? UTF8 : UTF8 | DESCRIPTOR,
      method: dir ? 0 : 8,
      crc: 0,
      csize: 0,
      usize: 0,
      external: (mode << 16) | (dir ? 0x10 : 0),
      offset,
    };
    const head = localHeader(c, dos);
    yield head;
    offset += head.length;
    if (dir) {
      central.push(c);
      continue;
    }
    if (e.type === "symlink") throw new Error(`zip entry ${path} is a link; materialize links first`);
    if (e.content !== undefined) {
      const data = typeof e.content === "string" ? Buffer.from(e.content) : e.content;
      const packed = deflateRawSync(data, { level });
      Object.assign(c, { crc: crc32(data), usize: data.length, csize: packed.length });
      yield packed;
    } else {
      const { size } = await stat(e.source ?? "");
      if (size >= LIMIT) throw getError("EARCHIVETOOLARGE", { path: e.source ?? path, size });
      yield* deflateFile(e.source ?? "", size, level, c);
    }
    const desc = Buffer.alloc(16);
    desc.writeUInt32LE(0x08074b50, 0);
    desc.writeUInt32LE(c.crc, 4);
    desc.writeUInt32LE(c.csize, 8);
    desc.writeUInt32LE(c.usize, 12);
    yield desc;
    offset += c.csize + desc.length;
    central.push(c);
  }
  if (offset > LIMIT || central.length > 0xffff)
    throw getError("EARCHIVETOOLARGE", { path: topDir, size: offset });
  const cd = Buffer.concat(central.map((c) => centralHeader(c, dos)));
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(central.length, 8);
  end.writeUInt16LE(central.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  yield Buffer.concat([cd, end]);
}
