import { getError } from "../errors/get-error.js";

/** The errno codes of a write that failed because of the disk, the path or the permissions: what a user fixes. */
const WRITE_ERRNOS = new Set([
  "ENOSPC",
  "EDQUOT",
  "EFBIG",
  "EACCES",
  "EPERM",
  "EROFS",
  "ENOTDIR",
  "ENOENT",
  "EISDIR",
  "EEXIST",
  "EIO",
  "ENAMETOOLONG",
]);

/**
 * A failed write of `path` as the coded `EWRITEFILE` error naming it (what happened, what to do per errno); any
 * other error (a bug, or a failed read of a source file) is returned as it is.
 */
export function writeFailure(path: string, error: unknown, source?: string): unknown {
  const e = error as NodeJS.ErrnoException | undefined;
  if (typeof e?.code !== "string" || !WRITE_ERRNOS.has(e.code)) return error;
  if (source !== undefined && e.path === source) return error;
  return getError("EWRITEFILE", { path, code: e.code, reason: e.message });
}
