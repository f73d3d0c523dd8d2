/** One member of an RPM payload: its path under the root, its full mode (type bits included), its bytes. */
export interface CpioMember {
  /** `usr/bin/rgreet`: written as `./usr/bin/rgreet`, as rpm does. */
  path: string;
  mode: number;
  /** The file's bytes; empty for a folder. */
  data: Buffer;
}

const hex8 = (n: number): string => n.toString(16).padStart(8, "0");
const padding = (length: number): Buffer => Buffer.alloc((4 - (length % 4)) % 4);

/** A `newc` header (`070701`) and its NUL-terminated name, padded to 4 bytes. */
function header(name: string, fields: { ino: number; mode: number; mtime: number; size: number }): Buffer {
  const nameBytes = Buffer.from(`${name}\0`);
  const values = [
    fields.ino,
    fields.mode,
    0,
    0,
    1,
    fields.mtime,
    fields.size,
    0,
    0,
    0,
    0,
    nameBytes.length,
    0,
  ];
  const head = Buffer.concat([Buffer.from(`070701${values.map(hex8).join("")}`, "ascii"), nameBytes]);
  return Buffer.concat([head, padding(head.length)]);
}

/**
 * The uncompressed payload of an `.rpm` as `rpmbuild` writes it: a `newc` cpio archive of the members in order,
 * inode numbers 1, 2... (the `FILEINODES` of the header), root-owned, one link each, every time `mtime`, then
 * `TRAILER!!!`. The same members give the same bytes. Pure.
 */
export function rpmCpio(members: readonly CpioMember[], mtime: number): Buffer[] {
  const chunks: Buffer[] = [];
  members.forEach((m, i) => {
    chunks.push(header(`./${m.path}`, { ino: i + 1, mode: m.mode, mtime, size: m.data.length }));
    if (m.data.length > 0) chunks.push(m.data, padding(m.data.length));
  });
  chunks.push(header("TRAILER!!!", { ino: 0, mode: 0, mtime: 0, size: 0 }));
  return chunks;
}
