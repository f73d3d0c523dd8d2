import { gunzipSync } from "node:zlib";

/** The JSON metadata cargo sends ahead of the `.crate` (cargo's `NewCrate`). */
export interface NewCrate {
  name: string;
  vers: string;
  deps: {
    name: string;
    version_req: string;
    features: string[];
    optional: boolean;
    default_features: boolean;
    target: string | null;
    kind: string;
    registry?: string;
    explicit_name_in_toml?: string;
  }[];
  features: Record<string, string[]>;
  links?: string | null;
  rust_version?: string | null;
  [key: string]: unknown;
}

/** Splits a publish body: u32 LE length, JSON metadata, u32 LE length, `.crate` bytes. */
export function parsePublishBody(body: Buffer): { meta: NewCrate; crate: Buffer } {
  if (body.length < 8) throw new Error("body too short");
  const jsonLen = body.readUInt32LE(0);
  if (4 + jsonLen + 4 > body.length) throw new Error("metadata length runs past the body");
  const meta = JSON.parse(body.subarray(4, 4 + jsonLen).toString("utf8")) as NewCrate;
  const crateLen = body.readUInt32LE(4 + jsonLen);
  const start = 8 + jsonLen;
  if (start + crateLen !== body.length) throw new Error("crate length does not match the body");
  if (typeof meta.name !== "string" || typeof meta.vers !== "string" || !Array.isArray(meta.deps)) {
    throw new Error("metadata lacks name, vers or deps");
  }
  return { meta, crate: body.subarray(start) };
}

/** The paths in a `.crate` (a gzipped tar); throws when it is not one. */
export function crateEntries(crate: Buffer): string[] {
  const tar = gunzipSync(crate);
  const names: string[] = [];
  for (let off = 0; off + 512 <= tar.length;) {
    const header = tar.subarray(off, off + 512);
    if (header.every((b) => b === 0)) break;
    const field = (a: number, n: number) =>
      header
        .subarray(a, a + n)
        .toString("utf8")
        .replace(/\0.*$/s, "");
    const prefix = field(345, 155);
    const name = field(0, 100);
    const size = parseInt(field(124, 12).trim() || "0", 8);
    const type = field(156, 1);
    if (type !== "x" && type !== "g") names.push(prefix ? `${prefix}/${name}` : name);
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return names;
}
