import { randomBytes } from "node:crypto";
import { rename, rm, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/** Writes a file through a temp file in the same folder and a rename, keeping the old mode. */
export async function atomicWrite(path: string, data: string | Buffer): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
  const mode = await stat(path).then(
    (s) => s.mode & 0o777,
    () => 0o644,
  );
  try {
    await writeFile(tmp, data, { mode });
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

/** Writes several files so that either all change or none: every temp file is written before the first rename. */
export async function atomicWriteAll(
  files: readonly { path: string; data: string | Buffer }[],
): Promise<void> {
  const staged: { tmp: string; path: string }[] = [];
  try {
    for (const f of files) {
      const tmp = join(dirname(f.path), `.${basename(f.path)}.${randomBytes(6).toString("hex")}.tmp`);
      const mode = await stat(f.path).then(
        (s) => s.mode & 0o777,
        () => 0o644,
      );
      await writeFile(tmp, f.data, { mode });
      staged.push({ tmp, path: f.path });
    }
  } catch (error) {
    await Promise.all(staged.map((s) => rm(s.tmp, { force: true })));
    throw error;
  }
  for (const s of staged) await rename(s.tmp, s.path);
}
