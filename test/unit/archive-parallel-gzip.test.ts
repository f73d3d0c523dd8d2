import { randomBytes } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ArchiveFormat } from "../../src/binaries/archive-layout.js";
import { writeArchive } from "../../src/binaries/archive-write.js";
import { tarBuffer } from "../../src/binaries/archive-tar.js";
import { normalizeEntries } from "../../src/binaries/archive-paths.js";
import { deterministicGzip } from "../../src/oci/gzip.js";
import { DEFLATE_BLOCK, gzipSyncBlocks, parallelGzip } from "../../src/binaries/archive-gzip.js";
import { gunzipSync } from "node:zlib";
import { EPOCH, listTar, run, tempDir } from "../helpers/archive-fixtures.js";

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir("srr-pgzip-")));
afterEach(() => cleanup());

/** 9 MiB that compress like a binary: text with some random bytes (several deflate, xz and zstd blocks). */
let binary: Buffer;
beforeAll(() => {
  const parts: Buffer[] = [];
  for (let i = 0, size = 0; size < 9 * 1024 * 1024; i++) {
    const text = Buffer.from(`symbol_${i % 977}_${(i * 7919) % 10007} `.repeat(800)).subarray(0, 14 * 1024);
    parts.push(text, randomBytes(2 * 1024));
    size += text.length + 2 * 1024;
  }
  binary = Buffer.concat(parts);
});

async function archive(format: ArchiveFormat, concurrency: number, level?: number) {
  const source = join(dir, "rgreet");
  await writeFile(source, binary, { mode: 0o755 });
  return writeArchive({
    outPath: join(dir, `c${concurrency}`, `rgreet.${format}`),
    format,
    topDir: "rgreet",
    entries: [
      { path: "bin/rgreet", type: "file", source, mode: 0o755 },
      { path: "README.md", type: "file", content: "# rgreet\n", mode: 0o644 },
    ],
    mtime: EPOCH,
    concurrency,
    ...(level === undefined ? {} : { level }),
  });
}

describe("compression on every core, the same bytes whatever their number", () => {
  it("tar.gz: identical with 1, 2 and 4 cores; gzip -t, tar -tzf and python's gzip accept it", async () => {
    const [one, two, four] = [
      await archive("tar.gz", 1),
      await archive("tar.gz", 2),
      await archive("tar.gz", 4),
    ];
    expect(two.sha256).toBe(one.sha256);
    expect(four.sha256).toBe(one.sha256);
    await run("cmp", [one.path, four.path]);
    await run("gzip", ["-t", one.path]);
    expect((await listTar(one.path)).map((l) => l.name)).toEqual([
      "rgreet/",
      "rgreet/README.md",
      "rgreet/bin/",
      "rgreet/bin/rgreet",
    ]);
    const py = await run("python3", [
      "-c",
      "import gzip,hashlib,sys; d=gzip.open(sys.argv[1]).read(); print(len(d), hashlib.sha256(d).hexdigest())",
      one.path,
    ]);
    const tar = await run("sh", ["-c", 'gzip -dc "$1" | sha256sum', "sh", one.path]);
    expect(py.split(" ")[1]?.trim()).toBe(tar.split(" ")[0]);
    await run("tar", ["-xzf", one.path], { cwd: dir });
    expect((await readFile(join(dir, "rgreet/bin/rgreet"))).equals(binary)).toBe(true);
    // Several blocks, header with no name or time and OS 255; about the size of a one-stream gzip -6.
    const bytes = await readFile(one.path);
    expect([...bytes.subarray(0, 10)]).toEqual([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255]);
    const plain = await run("sh", ["-c", 'gzip -dc "$1" | gzip -6 -n | wc -c', "sh", one.path]);
    expect(bytes.length / Number(plain.trim())).toBeLessThan(1.03);
  });

  it("input in chunks of any size (empty, tiny, straddling blocks, several blocks long) gives the bytes of the in-memory gzip", async () => {
    // Blocks are cut from views of large chunks and copied from small ones into buffers used again: a block that
    // took the wrong bytes, or a buffer reused before its block was compressed, would change the output.
    const sizes = [
      0,
      1,
      511,
      DEFLATE_BLOCK - 700,
      0,
      3 * DEFLATE_BLOCK + 17,
      4096,
      DEFLATE_BLOCK,
      65_536,
      2 * DEFLATE_BLOCK - 1,
    ];
    const chunks: Buffer[] = [];
    let at = 0;
    for (let i = 0; at < binary.length; i++) {
      const size = sizes[i % sizes.length]!;
      chunks.push(binary.subarray(at, at + size));
      at += size;
    }
    async function* source() {
      for (const c of chunks) {
        // A copy, as a file read gives: nothing of `binary` is shared with the output.
        yield Buffer.from(c);
        await new Promise((r) => setImmediate(r));
      }
    }
    const out: Buffer[] = [];
    for await (const b of parallelGzip(source(), { level: 6, concurrency: 2 })) out.push(Buffer.from(b));
    const streamed = Buffer.concat(out);
    expect(gunzipSync(streamed).equals(binary)).toBe(true);
    expect(streamed.equals(gzipSyncBlocks(binary, 6))).toBe(true);
  });

  it("OCI layers use the same gzip: the in-memory layer has the bytes of the streamed archive", async () => {
    const entries = normalizeEntries([
      { path: "bin/rgreet", type: "file", content: binary, mode: 0o755 },
      { path: "README.md", type: "file", content: "# rgreet\n", mode: 0o644 },
    ]);
    const layer = deterministicGzip(tarBuffer(entries, EPOCH, "rgreet"));
    const streamed = await readFile((await archive("tar.gz", 2)).path);
    expect(layer.equals(streamed)).toBe(true);
  });

  it.each([
    ["tar.xz", 1],
    ["tar.zst", 1],
  ] as const)("%s: multi-threaded, identical with 1, 2 and 4 threads", async (format, level) => {
    const runs = [
      await archive(format, 1, level),
      await archive(format, 2, level),
      await archive(format, 4, level),
    ];
    expect(new Set(runs.map((r) => r.sha256)).size).toBe(1);
    await run(format === "tar.xz" ? "xz" : "zstd", ["-t", runs[0]!.path]);
    if (format === "tar.xz") {
      // Multi-threaded mode: several blocks, sizes in their headers.
      const info = await run("xz", ["--list", "--robot", runs[0]!.path]);
      const blocks = Number(/^file\t\d+\t(\d+)/m.exec(info)?.[1]);
      expect(blocks).toBeGreaterThan(1);
    }
    const list = await listTar(runs[0]!.path, format === "tar.zst" ? ["--zstd"] : []);
    expect(list.find((l) => l.name === "rgreet/bin/rgreet")?.mode).toBe("-rwxr-xr-x");
  });
});
