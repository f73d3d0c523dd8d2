import { stat, statfs } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeArchive } from "../../src/binaries/archive-write.js";
import { EPOCH, run, tempDir } from "../helpers/archive-fixtures.js";

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir("srr-zip64-")));
afterEach(() => cleanup());

const BIG = 4200 * 1024 * 1024;

/** Why this machine cannot run the test (the input must be sparse, the zip of zeros takes ~5 MB), or undefined. */
async function noRoom(path: string): Promise<string | undefined> {
  const fs = await statfs(dir);
  if (fs.bavail * fs.bsize < 64 * 1024 * 1024) return `less than 64 MiB free in ${dir}`;
  await run("truncate", ["-s", String(BIG), path]);
  const s = await stat(path);
  if (s.blocks * 512 > 64 * 1024 * 1024) return `${dir} does not keep the ${BIG}-byte input sparse`;
  return undefined;
}

describe("zip archives of files of 4 GiB and more (ZIP64)", () => {
  it("packages a 4200 MiB binary that unzip and python's zipfile read back", async (ctx) => {
    const big = join(dir, "rgreet.exe");
    const reason = await noRoom(big);
    if (reason) {
      console.log(`skipped: ${reason}`);
      ctx.skip();
    }
    const written = await writeArchive({
      outPath: join(dir, "dist/rgreet-v1.0.0-x86_64-pc-windows-msvc.zip"),
      format: "zip",
      topDir: "rgreet-v1.0.0-x86_64-pc-windows-msvc",
      entries: [
        { path: "rgreet.exe", type: "file", source: big, mode: 0o755 },
        { path: "README.md", type: "file", content: "# rgreet\n", mode: 0o644 },
      ],
      mtime: EPOCH,
    });
    expect(written.size).toBeLessThan(16 * 1024 * 1024);
    const top = "rgreet-v1.0.0-x86_64-pc-windows-msvc";
    const listing = await run("unzip", ["-l", written.path]);
    expect(listing).toMatch(new RegExp(`^\\s*${BIG}\\s.*${top}/rgreet\\.exe$`, "m"));
    // Every byte inflated and checked against the CRC-32 and the 64-bit size.
    expect(await run("unzip", ["-t", written.path])).toContain("No errors detected");
    const py = await run("python3", [
      "-c",
      [
        "import sys, zipfile",
        "z = zipfile.ZipFile(sys.argv[1])",
        "print([(i.filename, i.file_size, i.external_attr >> 16) for i in z.infolist()])",
        "with z.open(sys.argv[2]) as f: print(f.read(1 << 20) == bytes(1 << 20))",
        "print(z.read(sys.argv[3]).decode(), end='')",
      ].join("\n"),
      written.path,
      `${top}/rgreet.exe`,
      `${top}/README.md`,
    ]);
    expect(py).toBe(
      `[('${top}/', 0, 16877), ('${top}/README.md', 9, 33188), ('${top}/rgreet.exe', ${BIG}, 33261)]\nTrue\n# rgreet\n`,
    );
  });
});
