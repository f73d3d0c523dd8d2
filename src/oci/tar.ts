/** One entry of a layer: a folder or a regular file. Paths are relative (`usr/local/bin/rgreet`). */
export interface TarEntry {
  path: string;
  type: "dir" | "file";
  mode: number;
  data?: Buffer;
}

const BLOCK = 512;

/**
 * A deterministic ustar archive: entries sorted by path with their parent folders added, every mtime set to
 * `mtime` (seconds), uid/gid 0 with empty owner names. The same entries always give the same bytes.
 */
export function deterministicTar(entries: readonly TarEntry[], mtime: number): Buffer {
  const all = new Map<string, TarEntry>();
  for (const e of entries) {
    const parts = e.path.split("/").filter(Boolean);
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join("/");
      if (!all.has(dir)) all.set(dir, { path: dir, type: "dir", mode: 0o755 });
    }
    all.set(parts.join("/"), { ...e, path: parts.join("/") });
  }
  const sorted = [...all.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const chunks: Buffer[] = [];
  for (const e of sorted) {
    const data = e.type === "file" ? (e.data ?? Buffer.alloc(0)) : Buffer.alloc(0);
    chunks.push(header(e.type === "dir" ? `${e.path}/` : e.path, e.type, e.mode, data.length, mtime));
    if (data.length > 0) {
      chunks.push(data);
      const pad = (BLOCK - (data.length % BLOCK)) % BLOCK;
      if (pad) chunks.push(Buffer.alloc(pad));
    }
  }
  chunks.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(chunks);
}

function header(name: string, type: "dir" | "file", mode: number, size: number, mtime: number): Buffer {
  const h = Buffer.alloc(BLOCK);
  const [prefix, base] = splitName(name);
  h.write(base, 0, 100, "utf8");
  octal(h, 100, 8, mode & 0o7777);
  octal(h, 108, 8, 0);
  octal(h, 116, 8, 0);
  octal(h, 124, 12, size);
  octal(h, 136, 12, mtime);
  h.fill(0x20, 148, 156);
  h.write(type === "dir" ? "5" : "0", 156, 1, "ascii");
  h.write("ustar\u000000", 257, 8, "binary");
  octal(h, 329, 8, 0);
  octal(h, 337, 8, 0);
  h.write(prefix, 345, 155, "utf8");
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(`${sum.toString(8).padStart(6, "0")}\u0000 `, 148, 8, "binary");
  return h;
}

function octal(buf: Buffer, offset: number, length: number, value: number): void {
  buf.write(`${value.toString(8).padStart(length - 1, "0")}\u0000`, offset, length, "ascii");
}

/** ustar keeps names of up to 100 bytes, or 155 + 100 split at a `/`. */
function splitName(name: string): [string, string] {
  if (Buffer.byteLength(name) <= 100) return ["", name];
  for (let i = name.length - 1; i > 0; i--) {
    if (name[i] !== "/") continue;
    const prefix = name.slice(0, i);
    const base = name.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(base) <= 100 && base.length > 0)
      return [prefix, base];
  }
  throw new Error(`Path too long for a tar layer: ${name}`);
}
