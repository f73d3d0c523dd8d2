import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { lstat, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { once } from "node:events";

const MiB = 1024 * 1024;

/** Real ELF executables from /usr/bin (regular files of 100 KiB or more), in name order. */
async function elfFiles(): Promise<string[]> {
  const out: string[] = [];
  for (const name of (await readdir("/usr/bin")).sort()) {
    const path = join("/usr/bin", name);
    const s = await lstat(path).catch(() => undefined);
    if (!s?.isFile() || s.size < 100 * 1024) continue;
    const head = await readFile(path).then((b) => b.subarray(0, 4));
    if (head.equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46]))) out.push(path);
  }
  return out;
}

/**
 * Bytes that compress like a real binary: copies of ELF executables from /usr/bin (starting at a different one
 * for each `seed`) with about 10% random data mixed in.
 */
export async function pseudoBinary(size: number, seed: number): Promise<Buffer> {
  const elves = await elfFiles();
  if (elves.length === 0) throw new Error("no ELF files in /usr/bin");
  const parts: Buffer[] = [];
  let total = 0;
  for (let i = seed * 7; total < size; i++) {
    const elf = await readFile(elves[i % elves.length]!);
    const noise = randomBytes(Math.ceil(elf.length / 9));
    parts.push(elf, noise);
    total += elf.length + noise.length;
  }
  return Buffer.concat(parts).subarray(0, size);
}

/** Writes `count` pseudo-binaries of `sizeMiB` each as `dir/bin-<i>` (mode 0755); returns their paths. */
export async function writePseudoBinaries(dir: string, count: number, sizeMiB: number): Promise<string[]> {
  const paths: string[] = [];
  for (let i = 0; i < count; i++) {
    const path = join(dir, `bin-${i}`);
    await writeFile(path, await pseudoBinary(sizeMiB * MiB, i), { mode: 0o755 });
    paths.push(path);
  }
  return paths;
}

/** Writes a large pseudo-binary by repeating a 32 MiB block, without holding the whole file in memory. */
export async function writeLargePseudoBinary(path: string, sizeMiB: number): Promise<void> {
  const block = await pseudoBinary(32 * MiB, 11);
  const out = createWriteStream(path, { mode: 0o755 });
  for (let left = sizeMiB * MiB; left > 0; left -= block.length) {
    if (!out.write(left >= block.length ? block : block.subarray(0, left))) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}
