/** One member of an `ar` archive. */
export interface ArMember {
  /** At most 16 bytes, no `/` (the names a `.deb` uses). */
  name: string;
  data: Buffer;
}

/** A fixed-width, space-padded ASCII field of an ar header. */
const field = (value: string, width: number): string => {
  if (value.length > width) throw new Error(`ar: ${JSON.stringify(value)} does not fit in ${width} bytes`);
  return value.padEnd(width, " ");
};

/**
 * A common-format `ar` archive (the `.deb` container, as `dpkg-deb` writes it): `!<arch>\n`, then per member a
 * 60-byte header (name, mtime, uid/gid 0, mode 100644, decimal size, `` `\n ``) and the data padded to an even size
 * with `\n`. Every header field is fixed by the inputs, so the same members give the same bytes. Pure.
 */
export function arArchive(members: readonly ArMember[], mtime: number): Buffer {
  const chunks: Buffer[] = [Buffer.from("!<arch>\n")];
  for (const m of members) {
    const header =
      field(m.name, 16) +
      field(String(Math.max(0, Math.floor(mtime))), 12) +
      field("0", 6) +
      field("0", 6) +
      field("100644", 8) +
      field(String(m.data.length), 10) +
      "`\n";
    chunks.push(Buffer.from(header, "ascii"), m.data);
    if (m.data.length % 2 === 1) chunks.push(Buffer.from("\n"));
  }
  return Buffer.concat(chunks);
}
