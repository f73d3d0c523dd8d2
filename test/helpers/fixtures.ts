import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { copyExamples } from "./git-utils.js";

/** A temp copy of examples/ (no git). */
export async function examplesCopy(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "srr-examples-"));
  await copyExamples(dir);
  return dir;
}

/** Writes a tree of files under a new temp folder: `{ "Cargo.toml": "...", "src/main.rs": "..." }`. */
export async function writeTree(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "srr-tree-"));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return dir;
}

/** sha256 of every file under `dir` (skipping target/ and .git/), by relative path. */
export async function treeHashes(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  async function walk(d: string): Promise<void> {
    for (const e of await readdir(d, { withFileTypes: true })) {
      if (e.name === "target" || e.name === ".git" || e.name === "node_modules") continue;
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else
        out[relative(dir, p)] = createHash("sha256")
          .update(await readFile(p))
          .digest("hex");
    }
  }
  await walk(dir);
  return out;
}
