import { getError } from "../errors/get-error.js";

/**
 * The mtime of archive entries: `SOURCE_DATE_EPOCH` from the context's env when set, else `fallback` (such as the
 * commit time of the release). Throws `ESOURCEDATEEPOCH` on a value that is not a non-negative integer.
 */
export function sourceDateEpoch(env: NodeJS.ProcessEnv, fallback: number): number {
  const raw = env.SOURCE_DATE_EPOCH;
  if (raw === undefined || raw.trim() === "") return Math.max(0, Math.floor(fallback));
  if (!/^\d+$/.test(raw.trim())) throw getError("ESOURCEDATEEPOCH", { value: raw });
  return Number(raw.trim());
}
