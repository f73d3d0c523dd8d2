/**
 * POSIX ustar headers written by hand so that every byte is fixed: uid/gid 0, empty uname/gname, the given
 * mtime, and PAX records (with the same fixed fields) only for names, link targets or sizes that do not fit.
 * Written by hand rather than with `tar-stream`: it stamps the headers we need byte for byte (no owner names,
 * PAX only when needed, the same bytes for release archives and OCI layers) in a hundred lines and no dependency.
 */
export const BLOCK = 512;

export interface TarHeader {
  name: string;
  type: "0" | "2" | "5" | "x";
  mode: number;
  size: number;
  mtime: number;
  linkname?: string;
}

function writeOctal(buf: Buffer, offset: number, length: number, value: number): void {
  const digits = value.toString(8);
  if (digits.length > length - 1) {
    // GNU base-256 for sizes of 8 GiB and more (readers without PAX support); a PAX `size` record says it too.
    buf[offset] = 0x80;
    let v = BigInt(value);
    for (let i = offset + length - 1; i > offset; i--) {
      buf[i] = Number(v & 0xffn);
      v >>= 8n;
    }
    return;
  }
  buf.write(digits.padStart(length - 1, "0"), offset, length - 1, "ascii");
  buf[offset + length - 1] = 0;
}

function header(h: TarHeader, name: Buffer, prefix: Buffer, linkname: Buffer): Buffer {
  const buf = Buffer.alloc(BLOCK);
  name.copy(buf, 0);
  writeOctal(buf, 100, 8, h.mode);
  writeOctal(buf, 108, 8, 0);
  writeOctal(buf, 116, 8, 0);
  writeOctal(buf, 124, 12, h.size);
  writeOctal(buf, 136, 12, h.mtime);
  buf.write(h.type, 156, 1, "ascii");
  linkname.copy(buf, 157);
  buf.write("ustar\u000000", 257, 8, "ascii");
  writeOctal(buf, 329, 8, 0);
  writeOctal(buf, 337, 8, 0);
  prefix.copy(buf, 345);
  buf.fill(0x20, 148, 156);
  let sum = 0;
  for (const byte of buf) sum += byte;
  buf.write(`${sum.toString(8).padStart(6, "0")}\u0000 `, 148, 8, "ascii");
  return buf;
}

/** Splits a long name into ustar's prefix (≤ 155 bytes) and name (≤ 100 bytes) at a `/`, if possible. */
function splitName(full: Buffer): { name: Buffer; prefix: Buffer } | undefined {
  if (full.length <= 100) return { name: full, prefix: Buffer.alloc(0) };
  for (let i = full.length - 1; i > 0; i--) {
    if (full[i] !== 0x2f) continue;
    if (full.length - i - 1 > 100) return undefined;
    if (i <= 155) return { prefix: full.subarray(0, i), name: full.subarray(i + 1) };
  }
  return undefined;
}

/** One PAX record, `"<len> key=value\n"`, where `len` counts the whole record. */
function paxRecord(key: string, value: string): Buffer {
  const body = ` ${key}=${value}\n`;
  const bodyLen = Buffer.byteLength(body);
  let len = bodyLen + String(bodyLen).length;
  if (String(len).length + bodyLen !== len) len = bodyLen + String(len).length;
  return Buffer.from(`${len}${body}`);
}

const padding = (size: number): Buffer => Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);

/** Largest size an 11-digit octal field holds (8 GiB - 1). */
const OCTAL_SIZE_MAX = 0o77777777777;

/** The header blocks of one entry (a PAX header first when the name, link target or size is too long). */
export function tarHeaderBlocks(h: TarHeader): Buffer[] {
  const full = Buffer.from(h.name);
  const link = Buffer.from(h.linkname ?? "");
  const split = splitName(full);
  const records: Buffer[] = [];
  if (!split) records.push(paxRecord("path", h.name));
  if (link.length > 100) records.push(paxRecord("linkpath", h.linkname ?? ""));
  if (h.size > OCTAL_SIZE_MAX) records.push(paxRecord("size", String(h.size)));
  const blocks: Buffer[] = [];
  if (records.length > 0) {
    const data = Buffer.concat(records);
    const base = h.name.replace(/\/$/, "").split("/").pop() ?? "entry";
    const paxName = Buffer.from(`PaxHeaders/${base}`.slice(0, 100));
    blocks.push(
      header({ ...h, type: "x", mode: 0o644, size: data.length }, paxName, Buffer.alloc(0), Buffer.alloc(0)),
    );
    blocks.push(data, padding(data.length));
  }
  const names = split ?? { name: full.subarray(0, 100), prefix: Buffer.alloc(0) };
  blocks.push(header(h, names.name, names.prefix, link.length > 100 ? link.subarray(0, 100) : link));
  return blocks;
}

export { padding as tarPadding };
