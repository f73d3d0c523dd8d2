/** Decimal (`kB`, `MB`, `GB`) and binary (`KiB`, `MiB`, `GiB`) units, by lower-case name. */
const UNITS: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
};

/** `5000000`, `"5 MB"` (5,000,000), `"5 MiB"` (5,242,880), `"1.5GB"`, `"300 B"`: bytes; undefined otherwise. */
export function parseByteSize(v: unknown): number | undefined {
  if (typeof v === "number") return Number.isInteger(v) && v >= 0 ? v : undefined;
  if (typeof v !== "string") return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(v);
  const unit = UNITS[(m?.[2] || "b").toLowerCase()];
  if (!m || unit === undefined) return undefined;
  const bytes = Math.round(Number(m[1]) * unit);
  return Number.isSafeInteger(bytes) ? bytes : undefined;
}

/** `"10%"` → 10; undefined for anything else. */
export function parsePercent(v: unknown): number | undefined {
  if (typeof v !== "string") return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(v);
  return m ? Number(m[1]) : undefined;
}

/** How much an artifact may grow: bytes and/or percent; when both are set both must hold. */
export interface IncreaseLimit {
  bytes?: number;
  percent?: number;
}

/**
 * One `maxSizeIncrease` value: `"5 MB"`, `5000000`, `"10%"`, or both as `["5 MB", "10%"]`; undefined when it is
 * none of these (or names bytes or a percentage twice).
 */
export function parseIncreaseLimit(v: unknown): IncreaseLimit | undefined {
  const items = Array.isArray(v) ? v : [v];
  if (items.length === 0 || items.length > 2) return undefined;
  const limit: IncreaseLimit = {};
  for (const item of items) {
    const percent = parsePercent(item);
    const bytes = percent === undefined ? parseByteSize(item) : undefined;
    if (percent !== undefined && limit.percent === undefined) limit.percent = percent;
    else if (bytes !== undefined && limit.bytes === undefined) limit.bytes = bytes;
    else return undefined;
  }
  return limit;
}

/** `5000000` → `5.00 MB (5000000 bytes)`: both forms, so a user can compare with a `"5 MB"` or `"5 MiB"` limit. */
export function describeBytes(bytes: number): string {
  const abs = Math.abs(bytes);
  const [value, unit] =
    abs >= 1e9
      ? [bytes / 1e9, "GB"]
      : abs >= 1e6
        ? [bytes / 1e6, "MB"]
        : abs >= 1e3
          ? [bytes / 1e3, "kB"]
          : [];
  return value === undefined ? `${bytes} bytes` : `${value.toFixed(2)} ${unit} (${bytes} bytes)`;
}
