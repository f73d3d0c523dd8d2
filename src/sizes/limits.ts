import { Invalid, invalid, parseObject, under, unknownKey } from "../config/define.js";
import { parseByteSize, parseIncreaseLimit, type IncreaseLimit } from "./parse-size.js";

/** The kinds of artifact a size limit applies to. */
export type SizedKind = "binary" | "archive" | "image";

/** What the size gate checks: growth against the last release (binaries, archives) and absolute ceilings. */
export interface SizeLimits {
  maxSizeIncrease?: Partial<Record<"binary" | "archive", IncreaseLimit>>;
  maxSize?: Partial<Record<SizedKind, number>>;
}

const INCREASE = 'bytes (`5000000`, `"5 MB"`, `"5 MiB"`), a percentage (`"10%"`) or both (`["5 MB", "10%"]`)';
export const INCREASE_EXPECTED = `${INCREASE}, for every binary and archive or per kind as \`{ "binary": ..., "archive": ... }\``;
export const MAX_SIZE_EXPECTED =
  'an object of sizes per kind such as `{ "binary": "30 MB", "archive": "40 MB", "image": "50 MB" }`';

/** `maxSizeIncrease`: one limit for binaries and archives, or one per kind. */
export function parseMaxSizeIncrease(v: unknown): SizeLimits["maxSizeIncrease"] | Invalid {
  if (typeof v !== "object" || v === null || Array.isArray(v)) {
    const limit = parseIncreaseLimit(v);
    return limit ? { binary: limit, archive: limit } : invalid(INCREASE_EXPECTED, v);
  }
  const o = v as Record<string, unknown>;
  const unknown = unknownKey(o, ["binary", "archive"]);
  if (unknown) return unknown;
  const out: NonNullable<SizeLimits["maxSizeIncrease"]> = {};
  for (const kind of ["binary", "archive"] as const) {
    if (o[kind] === undefined) continue;
    const limit = parseIncreaseLimit(o[kind]);
    if (!limit) return under(kind, invalid(INCREASE, o[kind]));
    out[kind] = limit;
  }
  return out;
}

/** `maxSize`: absolute ceilings per kind, each in bytes or a string with a unit. */
export function parseMaxSize(v: unknown): SizeLimits["maxSize"] | Invalid {
  const o = parseObject(v, MAX_SIZE_EXPECTED);
  if (o instanceof Invalid) return o;
  const unknown = unknownKey(o, ["binary", "archive", "image"]);
  if (unknown) return unknown;
  const out: NonNullable<SizeLimits["maxSize"]> = {};
  for (const kind of ["binary", "archive", "image"] as const) {
    if (o[kind] === undefined) continue;
    const bytes = parseByteSize(o[kind]);
    if (bytes === undefined) return under(kind, invalid('bytes, or a size such as `"30 MB"`', o[kind]));
    out[kind] = bytes;
  }
  return out;
}
