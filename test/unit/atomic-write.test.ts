import {
  open,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  writeFile,
  chmod,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { copyWithDigest } from "../../src/binaries/stage-binaries.js";
import { readManifest, writeManifest } from "../../src/manifest/dist-manifest.js";
import { atomicWrite, removeStrayTemps, sha256, type WriteFs } from "../../src/util/atomic-write.js";
import { atomicWriteAll, readJournal, rollForward } from "../../src/util/write-journal.js";
import { rejection } from "../helpers/context.js";

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "srr-atomic-"));
  dirs.push(dir);
  return dir;
}

/** A file system whose opens for writing go to `/dev/full`: every write fails with the kernel's real ENOSPC. */
const fullDisk: WriteFs = {
  open: (_path, flags, mode) => open("/dev/full", flags === "wx" ? "w" : flags, mode),
  rename,
};

/** A file system refusing to create files with `code`, the way a read-only or foreign-owned folder does. */
const refusing = (code: string): WriteFs => ({
  open: (path) =>
    Promise.reject(Object.assign(new Error(`${code}: refused, open '${String(path)}'`), { code, path })),
  rename,
});

describe("atomicWrite", () => {
  it("replaces a file through a flushed temp, keeping its mode and leaving no temp", async () => {
    const dir = await tempDir();
    const path = join(dir, "run.sh");
    await writeFile(path, "old");
    await chmod(path, 0o750);
    await atomicWrite(path, "new");
    expect(await readFile(path, "utf8")).toBe("new");
    expect((await stat(path)).mode & 0o777).toBe(0o750);
    expect(await readdir(dir)).toEqual(["run.sh"]);
  });

  it("on a full disk (ENOSPC) is EWRITEFILE naming the file; the old content stays, the temp is gone", async () => {
    const dir = await tempDir();
    const path = join(dir, "SHA256SUMS");
    await writeFile(path, "old\n");
    const error = await rejection(atomicWrite(path, "new\n".repeat(1000), { fs: fullDisk }));
    expect(error).toMatchObject({ code: "EWRITEFILE", message: `Cannot write ${path}: ENOSPC.` });
    expect((error as { details: string }).details).toContain("The disk is full");
    expect(await readFile(path, "utf8")).toBe("old\n");
    expect(await readdir(dir)).toEqual(["SHA256SUMS"]);
  });

  it("under a path whose parent is a file (ENOTDIR) is EWRITEFILE, and nothing is created", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, "dist"), "a file where a folder should be");
    const path = join(dir, "dist", "manifest.json");
    const error = await rejection(atomicWrite(path, "{}"));
    expect(error).toMatchObject({ code: "EWRITEFILE", message: `Cannot write ${path}: ENOTDIR.` });
    expect(await readdir(dir)).toEqual(["dist"]);
  });

  it.each([
    ["EACCES", "may not write there"],
    ["EROFS", "read-only"],
    ["EDQUOT", "quota"],
  ])("a folder refusing writes with %s is EWRITEFILE saying what to do", async (code, advice) => {
    const dir = await tempDir();
    const path = join(dir, "manifest.json");
    const error = await rejection(atomicWrite(path, "{}", { fs: refusing(code) }));
    expect(error).toMatchObject({ code: "EWRITEFILE", message: `Cannot write ${path}: ${code}.` });
    expect((error as { details: string }).details).toContain(advice);
    expect(await readdir(dir)).toEqual([]);
  });
});

describe("atomicWriteAll with a journal", () => {
  it("writes every file and removes its journal", async () => {
    const dir = await tempDir();
    const journal = join(dir, ".journal.json");
    await atomicWriteAll(
      [
        { path: join(dir, "a"), data: "A2" },
        { path: join(dir, "b"), data: "B2" },
      ],
      { journal, repair: "fix it" },
    );
    expect(await readFile(join(dir, "a"), "utf8")).toBe("A2");
    expect((await readdir(dir)).sort()).toEqual(["a", "b"]);
  });

  it("a failure writing a temp leaves every file as it was and no temp or journal", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, "a"), "A1");
    const files = [
      { path: join(dir, "a"), data: "A2" },
      { path: join(dir, "missing", "b"), data: "B2" },
    ];
    const error = await rejection(atomicWriteAll(files, { journal: join(dir, ".journal.json") }));
    expect(error).toMatchObject({ code: "EWRITEFILE" });
    expect(await readFile(join(dir, "a"), "utf8")).toBe("A1");
    expect(await readdir(dir)).toEqual(["a"]);
  });

  it("stopped between two renames, leaves a journal that rollForward finishes: all files new", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, "a"), "A1");
    await writeFile(join(dir, "b"), "B1");
    const journal = join(dir, ".journal.json");
    let renames = 0;
    // The second rename never happens, as when the process is killed right after the first.
    const dies: WriteFs = {
      open,
      rename: (from, to) => (++renames === 2 ? Promise.reject(new Error("killed")) : rename(from, to)),
    };
    const files = [
      { path: join(dir, "a"), data: "A2" },
      { path: join(dir, "b"), data: "B2" },
    ];
    await expect(
      atomicWriteAll(files, { journal, fs: dies, repair: "semantic-release-rust set-version 2" }),
    ).rejects.toThrow("killed");
    expect(await readFile(join(dir, "a"), "utf8")).toBe("A2");
    expect(await readFile(join(dir, "b"), "utf8")).toBe("B1");
    const found = await readJournal(journal);
    expect(found?.repair).toBe("semantic-release-rust set-version 2");
    expect(found?.renames.map((r) => r.to)).toEqual([join(dir, "a"), join(dir, "b")]);
    await rollForward(journal, found!);
    expect(await readFile(join(dir, "b"), "utf8")).toBe("B2");
    expect((await readdir(dir)).sort()).toEqual(["a", "b"]);
  });

  it("rollForward refuses (EBUMPJOURNAL) when a temp is gone and its file does not hold the new bytes", async () => {
    const dir = await tempDir();
    const journal = join(dir, ".journal.json");
    await writeFile(join(dir, "a"), "A1");
    const j = {
      repair: "",
      renames: [{ from: join(dir, ".a.000000000000.tmp"), to: join(dir, "a"), sha256: sha256("A2") }],
    };
    await writeFile(journal, JSON.stringify(j));
    expect(await rejection(rollForward(journal, j))).toMatchObject({ code: "EBUMPJOURNAL" });
    await writeFile(join(dir, "a"), "A2");
    await rollForward(journal, j);
    expect(await readdir(dir)).toEqual(["a"]);
  });
});

describe("removeStrayTemps", () => {
  it("removes only temp names (of the given files), down to the given depth", async () => {
    const dir = await tempDir();
    const files = [
      "Cargo.toml",
      ".Cargo.toml.0123456789ab.tmp",
      ".Cargo.lock.0123456789ab.tmp",
      ".other.0123456789ab.tmp",
      ".Cargo.toml.tmp",
    ];
    for (const f of files) await writeFile(join(dir, f), "");
    const removed = await removeStrayTemps(dir, { names: ["Cargo.toml", "Cargo.lock"] });
    expect(removed.sort()).toEqual([
      join(dir, ".Cargo.lock.0123456789ab.tmp"),
      join(dir, ".Cargo.toml.0123456789ab.tmp"),
    ]);
    expect((await readdir(dir)).sort()).toEqual([".Cargo.toml.tmp", ".other.0123456789ab.tmp", "Cargo.toml"]);
  });
});

describe("copyWithDigest (staged binaries)", () => {
  it("copies with the mode and digest, and a failed copy leaves no temp and the old file", async () => {
    const dir = await tempDir();
    const from = join(dir, "rgreet");
    await writeFile(from, "binary bytes");
    const to = join(dir, "staged");
    expect(await copyWithDigest(from, to, 0o755)).toEqual({ size: 12, sha256: sha256("binary bytes") });
    expect((await stat(to)).mode & 0o777).toBe(0o755);
    // The source vanished: a read error stays what it is (not EWRITEFILE), and the staged file is untouched.
    const error = await rejection(copyWithDigest(join(dir, "gone"), to, 0o755));
    expect(error).toMatchObject({ code: "ENOENT" });
    expect(await readFile(to, "utf8")).toBe("binary bytes");
    expect((await readdir(dir)).sort()).toEqual(["rgreet", "staged"]);
  });
});

describe("writeManifest (the last file of the binaries' prepare)", () => {
  it("removes the temp files a killed run left in dist/ and dist/bin/{target}/, keeping the artifacts", async () => {
    const dist = await tempDir();
    await mkdir(join(dist, "bin", "x86_64-unknown-linux-gnu"), { recursive: true });
    await writeFile(join(dist, ".rgreet-v1.0.0-x86_64-unknown-linux-gnu.tar.gz.0123456789ab.tmp"), "half");
    await writeFile(join(dist, "bin", "x86_64-unknown-linux-gnu", ".rgreet.0123456789ab.tmp"), "half");
    await writeFile(join(dist, "bin", "x86_64-unknown-linux-gnu", "rgreet"), "binary");
    await writeManifest(dist, { schemaVersion: 1, version: "1.0.0", artifacts: [] });
    expect((await readdir(dist)).sort()).toEqual(["bin", "manifest.json"]);
    expect(await readdir(join(dist, "bin", "x86_64-unknown-linux-gnu"))).toEqual(["rgreet"]);
    expect(await readManifest(dist)).toEqual({ schemaVersion: 1, version: "1.0.0", artifacts: [] });
  });
});
