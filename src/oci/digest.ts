import { createHash } from "node:crypto";
import type { Descriptor } from "./media-types.js";

/** `sha256:<hex>` of some bytes. */
export const sha256Digest = (data: Buffer | string): string =>
  `sha256:${createHash("sha256").update(data).digest("hex")}`;

/** A blob's bytes with the descriptor that names them. */
export interface Blob {
  descriptor: Descriptor;
  data: Buffer;
}

export function blobOf(mediaType: string, data: Buffer | string, extra: Partial<Descriptor> = {}): Blob {
  const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
  return {
    descriptor: { mediaType, digest: sha256Digest(bytes), size: bytes.length, ...extra },
    data: bytes,
  };
}

/** The hex part of a `sha256:` digest (checked, so it is safe in a path). */
export function digestHex(digest: string): string {
  const m = /^sha256:([0-9a-f]{64})$/.exec(digest);
  if (!m?.[1]) throw new Error(`Unsupported digest ${digest}`);
  return m[1];
}
