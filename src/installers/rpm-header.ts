/** The data types of an RPM header entry (`rpmTagType`), those our packages use. */
export const RPM_TYPE = { INT16: 3, INT32: 4, STRING: 6, BIN: 7, STRING_ARRAY: 8, I18NSTRING: 9 } as const;

/** One tag of a header with its value; a `STRING`/`I18NSTRING` holds one string, the arrays one or more items. */
export type RpmTag =
  | { tag: number; type: 3 | 4; value: readonly number[] }
  | { tag: number; type: 6 | 9; value: string }
  | { tag: number; type: 8; value: readonly string[] }
  | { tag: number; type: 7; value: Buffer };

/** `RPMTAG_HEADERSIGNATURES` (62) and `RPMTAG_HEADERIMMUTABLE` (63): the region tags of the two headers. */
export type RegionTag = 62 | 63;

const MAGIC = Buffer.from([0x8e, 0xad, 0xe8, 0x01, 0, 0, 0, 0]);
const ALIGN: Record<number, number> = { 3: 2, 4: 4 };

/** The bytes of one value in the header's data store, and the count its index entry gives. */
function encode(t: RpmTag): { data: Buffer; count: number } {
  switch (t.type) {
    case 3:
    case 4: {
      const size = t.type === 3 ? 2 : 4;
      const data = Buffer.alloc(t.value.length * size);
      t.value.forEach((v, i) =>
        t.type === 3 ? data.writeUInt16BE(v, i * 2) : data.writeInt32BE(v | 0, i * 4),
      );
      return { data, count: t.value.length };
    }
    case 6:
    case 9:
      return { data: Buffer.from(`${t.value}\0`), count: 1 };
    case 8:
      return { data: Buffer.from(t.value.map((s) => `${s}\0`).join("")), count: t.value.length };
    case 7:
      return { data: t.value, count: t.value.length };
  }
}

/**
 * A header as rpm writes one (`headerExport`): magic, the index (16 bytes per entry: tag, type, offset, count),
 * then the data store. The whole header is one region: the region tag comes first in the index and its 16-byte
 * trailer (the region tag, `BIN`, minus the index's size, 16) last in the store; the other entries follow in
 * tag order, each value aligned to its type. The same tags give the same bytes. Pure.
 */
export function rpmHeader(tags: readonly RpmTag[], region: RegionTag): Buffer {
  const sorted = [...tags].sort((a, b) => a.tag - b.tag);
  const index: Buffer[] = [];
  const store: Buffer[] = [];
  let size = 0;
  const entry = (tag: number, type: number, offset: number, count: number) => {
    const e = Buffer.alloc(16);
    e.writeInt32BE(tag, 0);
    e.writeUInt32BE(type, 4);
    e.writeInt32BE(offset, 8);
    e.writeUInt32BE(count, 12);
    return e;
  };
  for (const t of sorted) {
    const { data, count } = encode(t);
    const align = ALIGN[t.type] ?? 1;
    const pad = (align - (size % align)) % align;
    if (pad > 0) store.push(Buffer.alloc(pad));
    index.push(entry(t.tag, t.type, size + pad, count));
    store.push(data);
    size += pad + data.length;
  }
  const trailer = entry(region, RPM_TYPE.BIN, -16 * (sorted.length + 1), 16);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(sorted.length + 1, 0);
  head.writeUInt32BE(size + 16, 4);
  return Buffer.concat([MAGIC, head, entry(region, RPM_TYPE.BIN, size, 16), ...index, ...store, trailer]);
}

/** `header` followed by the zeros that end it on an 8-byte boundary: how the signature header is stored. Pure. */
export const padTo8 = (header: Buffer): Buffer =>
  header.length % 8 === 0 ? header : Buffer.concat([header, Buffer.alloc(8 - (header.length % 8))]);
