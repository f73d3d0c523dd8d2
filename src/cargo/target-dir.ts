import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** What cargo writes in a target dir it creates (https://bford.info/cachedir/): backup tools skip the folder. */
const CACHEDIR_TAG =
  "Signature: 8a477f597d28d172789f06886806bc55\n" +
  "# This file is a cache directory tag created by cargo.\n" +
  "# For information about cache directory tags see https://bford.info/cachedir/\n";

/**
 * Creates `targetDir` as cargo would (with its `CACHEDIR.TAG`) when it does not exist yet; false when it cannot (the
 * build then says why). Cargo keeps rustc's answers (version, cfg and file names per target) in the target dir's
 * `.rustc_info.json`, but only in a folder that already exists: a `cargo metadata --filter-platform` run into a new
 * folder saves them there for the build that follows. Synchronous (two calls): the caller starts that cargo next.
 */
export function ensureTargetDir(targetDir: string): boolean {
  try {
    const made = mkdirSync(targetDir, { recursive: true });
    if (made !== undefined) writeFileSync(join(targetDir, "CACHEDIR.TAG"), CACHEDIR_TAG, { flag: "wx" });
    return true;
  } catch {
    return false;
  }
}
