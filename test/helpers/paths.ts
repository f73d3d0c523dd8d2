import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root: the nearest folder up with this package's package.json (from test/ or dist/test/). */
export const repoRoot = ((): string => {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, "package.json");
    if (
      existsSync(pkg) &&
      (JSON.parse(readFileSync(pkg, "utf8")) as { name?: string }).name === "semantic-release-rust"
    ) {
      return dir;
    }
    const up = dirname(dir);
    if (up === dir) throw new Error("semantic-release-rust's package.json not found above test/helpers");
    dir = up;
  }
})();
export const examplesDir = join(repoRoot, "examples");
