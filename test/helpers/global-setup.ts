import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "./paths.js";

/** Builds dist/ once per run (the end-to-end tests load the package the way semantic-release does). */
export default function setup(): void {
  if (process.env.SRR_BUILT === "1" && existsSync(join(repoRoot, "dist/src/index.js"))) return;
  try {
    execFileSync(join(repoRoot, "node_modules/.bin/tsc"), ["-p", "tsconfig.build.json"], {
      cwd: repoRoot,
      stdio: "inherit",
    });
  } catch {
    // Type errors still emit JavaScript; `npm test` runs the strict build first.
  }
}
