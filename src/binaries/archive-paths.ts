import { posix } from "node:path";
import { getError } from "../errors/get-error.js";
import type { ArchiveEntry } from "./archive-layout.js";

/** Throws `EARCHIVEPATH` unless `path` is a plain relative path: no `/` at either end, no `.`/`..`/empty parts. */
export function checkEntryPath(path: string): void {
  const fail = (reason: string) => {
    throw getError("EARCHIVEPATH", { path, reason });
  };
  if (path.length === 0) fail("the path is empty");
  if (path.startsWith("/") || /^[A-Za-z]:/.test(path)) fail("it is absolute");
  if (path.includes("\\")) fail("it contains a backslash");
  if (path.includes("\0")) fail("it contains a NUL character");
  if (/[\u0001-\u001f\u007f]/.test(path)) fail("it contains a control character such as a newline");
  for (const part of path.split("/")) {
    if (part === "..") fail("it has a `..` component");
    if (part === "." || part === "") fail("it has an empty or `.` component");
  }
}

/** The entry a relative link at `path` points to (relative to the top folder); throws `EARCHIVELINK` if it leaves it. */
export function resolveLink(path: string, target: string): string {
  const fail = (reason: string) => {
    throw getError("EARCHIVELINK", { path, target, reason });
  };
  if (target.length === 0) fail("the target is empty");
  if (target.startsWith("/") || /^[A-Za-z]:/.test(target) || target.includes("\\"))
    fail("the target is not relative");
  const resolved = posix.normalize(posix.join(posix.dirname(path), target));
  if (resolved === ".." || resolved.startsWith("../") || resolved === ".")
    fail("it points outside the archive");
  return resolved;
}

/** Byte order of the UTF-8 names: the same on every machine and locale. */
export const compareEntryPaths = (a: string, b: string): number =>
  Buffer.compare(Buffer.from(a), Buffer.from(b));

/**
 * Validates entries (paths, links, duplicates), adds missing parent folders and sorts them so that parents come
 * before their children. Pure: the same input always gives the same output.
 */
export function normalizeEntries(entries: readonly ArchiveEntry[]): ArchiveEntry[] {
  const byPath = new Map<string, ArchiveEntry>();
  for (const entry of entries) {
    checkEntryPath(entry.path);
    const previous = byPath.get(entry.path);
    if (previous && !(previous.type === "dir" && entry.type === "dir")) {
      throw getError("EARCHIVEDUPLICATE", {
        path: entry.path,
        sources: [describe(previous), describe(entry)],
      });
    }
    byPath.set(entry.path, entry);
  }
  for (const path of [...byPath.keys()]) {
    for (let dir = posix.dirname(path); dir !== "."; dir = posix.dirname(dir)) {
      const existing = byPath.get(dir);
      if (existing && existing.type !== "dir") {
        throw getError("EARCHIVEDUPLICATE", {
          path: dir,
          sources: [describe(existing), `the folder of ${path}`],
        });
      }
      if (!existing) byPath.set(dir, { path: dir, type: "dir", mode: 0o755 });
    }
  }
  for (const entry of byPath.values()) {
    if (entry.type !== "symlink") continue;
    const target = resolveLink(entry.path, entry.linkTarget ?? "");
    const found = byPath.get(target);
    if (!found) throw linkError(entry, "nothing in the archive has that name");
    if (found.type === "symlink") throw linkError(entry, "it points to another link");
  }
  return [...byPath.values()].sort((a, b) => compareEntryPaths(a.path, b.path));
}

/** `EARCHIVELINK` for a link entry whose target cannot be archived, and why. */
const linkError = (e: ArchiveEntry, reason: string) =>
  getError("EARCHIVELINK", { path: e.path, target: e.linkTarget ?? "", reason });

const describe = (e: ArchiveEntry): string =>
  e.source ??
  (e.type === "symlink" ? `link to ${e.linkTarget}` : e.type === "dir" ? "a folder" : "generated content");

/**
 * Zip has no portable links: every link becomes a copy of the file it points to, a link to a folder a copy of
 * the folder's files and folders. Pure.
 */
export function materializeLinks(entries: readonly ArchiveEntry[]): ArchiveEntry[] {
  const byPath = new Map(entries.map((e) => [e.path, e]));
  const out: ArchiveEntry[] = [];
  for (const e of entries) {
    if (e.type !== "symlink") {
      out.push(e);
      continue;
    }
    const to = resolveLink(e.path, e.linkTarget ?? "");
    const target = byPath.get(to);
    if (!target) throw linkError(e, "nothing in the archive has that name");
    const { linkTarget: _ignored, ...rest } = target;
    out.push({ ...rest, path: e.path });
    if (target.type !== "dir") continue;
    for (const inner of entries) {
      if (inner.type === "symlink" || !inner.path.startsWith(`${to}/`)) continue;
      const path = `${e.path}${inner.path.slice(to.length)}`;
      if (path.startsWith(`${to}/`)) continue;
      out.push({ ...inner, path });
    }
  }
  return normalizeEntries(out);
}
