import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (works from test/helpers and from dist/test/helpers). */
export const repoRoot = ((): string => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!dir.endsWith("/test") || dir.endsWith("/dist/test")) dir = dirname(dir);
  return dirname(dir).replace(/\/dist$/, "");
})();
export const examplesDir = join(repoRoot, "examples");
