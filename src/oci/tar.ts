import { normalizeEntries } from "../binaries/archive-paths.js";
import { tarBuffer } from "../binaries/archive-tar.js";

/** One entry of a layer: a folder or a regular file. Paths are relative (`usr/local/bin/rgreet`). */
export interface TarEntry {
  path: string;
  type: "dir" | "file";
  mode: number;
  data?: Buffer;
}

/**
 * A deterministic layer tar, written by the release archives' tar writer: entries sorted by path with their parent
 * folders added, every mtime set to `mtime` (seconds), uid/gid 0 with empty owner names, PAX records for long
 * names. The same entries always give the same bytes.
 */
export function deterministicTar(entries: readonly TarEntry[], mtime: number): Buffer {
  const normalized = normalizeEntries(
    entries.map((e) => ({
      path: e.path.split("/").filter(Boolean).join("/"),
      type: e.type,
      mode: e.mode,
      ...(e.type === "file" ? { content: e.data ?? Buffer.alloc(0) } : {}),
    })),
  );
  return tarBuffer(normalized, mtime);
}
