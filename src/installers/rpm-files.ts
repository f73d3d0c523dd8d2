import { posix } from "node:path";
import type { ArchiveEntry } from "../binaries/archive-layout.js";
import { normalizeEntries } from "../binaries/archive-paths.js";
import type { CpioMember } from "./rpm-cpio.js";
import { RPM_TYPE as T, type RpmTag } from "./rpm-header.js";
import { sha256 } from "../util/atomic-write.js";
import { entryBytes } from "./linux-package.js";

/** A file or folder of the package, with what the header says about it. */
export interface RpmFile extends CpioMember {
  /** `RPMFILE_DOC` (2) under `/usr/share/doc`, `man` and `info`, as rpmbuild marks them; else 0. */
  flags: number;
  /** `FILECOLORS`: 1 for a 32-bit ELF file, 2 for a 64-bit one, 0 for the rest (what rpm compares on multilib). */
  color: number;
}

const DOC_PATHS = /^usr\/share\/(doc|man|info)\//;
const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;

/** ELF class of `data` as an rpm file color: `ELFCLASS32` → 1, `ELFCLASS64` → 2, not ELF → 0. */
const colorOf = (data: Buffer): number =>
  data.length > 4 && data.readUInt32BE(0) === 0x7f454c46 && (data[4] === 1 || data[4] === 2) ? data[4] : 0;

/**
 * The files of the package in path order with their bytes: every file of `entries` and, of the folders, only
 * the package's own `usr/share/doc/<name>` (the folders of the system, `/usr/bin`..., belong to other packages).
 */
export async function rpmFiles(entries: readonly ArchiveEntry[]): Promise<RpmFile[]> {
  const files: RpmFile[] = [];
  for (const e of normalizeEntries(entries)) {
    if (e.type === "dir" && /^usr\/share\/doc\/[^/]+$/.test(e.path))
      files.push({
        path: e.path,
        mode: S_IFDIR | (e.mode & 0o7777),
        data: Buffer.alloc(0),
        flags: 0,
        color: 0,
      });
    if (e.type !== "file") continue;
    const data = await entryBytes(e);
    const flags = DOC_PATHS.test(e.path) ? 2 : 0;
    files.push({ path: e.path, mode: S_IFREG | (e.mode & 0o7777), data, flags, color: colorOf(data) });
  }
  return files;
}

/**
 * The header's file list, as rpmbuild writes it for root-owned files of one time: names split into
 * `DIRNAMES`/`BASENAMES`/`DIRINDEXES`, sizes (0 for folders), modes, sha256 digests (`FILEDIGESTALGO` 8, empty
 * for folders), inodes 1, 2... as in the payload, every check of `rpm -V` on (`FILEVERIFYFLAGS` -1). Pure.
 */
export function fileTags(files: readonly RpmFile[], mtime: number): RpmTag[] {
  const each = <V>(f: (file: RpmFile, i: number) => V): V[] => files.map(f);
  const dirs = [...new Set(each((f) => `/${posix.dirname(f.path)}/`))].sort();
  const digest = (f: RpmFile) => ((f.mode & 0o170000) === S_IFREG ? sha256(f.data) : "");
  return [
    { tag: 1028, type: T.INT32, value: each((f) => f.data.length) },
    { tag: 1030, type: T.INT16, value: each((f) => f.mode) },
    { tag: 1033, type: T.INT16, value: each(() => 0) },
    { tag: 1034, type: T.INT32, value: each(() => mtime) },
    { tag: 1035, type: T.STRING_ARRAY, value: each(digest) },
    { tag: 1036, type: T.STRING_ARRAY, value: each(() => "") },
    { tag: 1037, type: T.INT32, value: each((f) => f.flags) },
    { tag: 1039, type: T.STRING_ARRAY, value: each(() => "root") },
    { tag: 1040, type: T.STRING_ARRAY, value: each(() => "root") },
    { tag: 1045, type: T.INT32, value: each(() => -1) },
    { tag: 1095, type: T.INT32, value: each(() => 1) },
    { tag: 1096, type: T.INT32, value: each((_, i) => i + 1) },
    { tag: 1097, type: T.STRING_ARRAY, value: each(() => "") },
    { tag: 1116, type: T.INT32, value: each((f) => dirs.indexOf(`/${posix.dirname(f.path)}/`)) },
    { tag: 1117, type: T.STRING_ARRAY, value: each((f) => posix.basename(f.path)) },
    { tag: 1118, type: T.STRING_ARRAY, value: dirs },
    { tag: 1140, type: T.INT32, value: each((f) => f.color) },
    { tag: 5011, type: T.INT32, value: [8] },
  ];
}
