import { chmod, readFile, symlink, truncate, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { planArchiveLayout, type ArchiveFormat } from "../../src/binaries/archive-layout.js";
import { writeArchive } from "../../src/binaries/archive-write.js";
import { tarHeaderBlocks } from "../../src/binaries/archive-tar-header.js";
import { resolveIncludes } from "../../src/binaries/include-globs.js";
import {
  anyOwnerGitEnv,
  EPOCH,
  commitAll,
  fakeBinary,
  fakeWorkspace,
  listTar,
  run,
  tempDir,
} from "../helpers/archive-fixtures.js";

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

async function build(format: ArchiveFormat, out = "dist", root = dir) {
  const binary = await fakeBinary(root, "rgreet");
  await fakeWorkspace(root, "rgreet");
  const includes = await resolveIncludes(root, ["demo", "configs/**", "docs/user/*.md -> docs/"], {
    defaults: true,
    env: anyOwnerGitEnv,
  });
  const layout = planArchiveLayout({
    name: "rgreet",
    version: "1.2.3",
    target: "x86_64-unknown-linux-gnu",
    format,
    archiveName: "{name}-v{version}-{target}",
    binaries: [{ name: "rgreet", path: binary }],
    includes,
  });
  const written = await writeArchive({
    outPath: join(dir, out, layout.fileName),
    format,
    topDir: layout.topDir,
    entries: layout.entries,
    mtime: EPOCH,
  });
  return { ...written, layout };
}

describe("tar archives as GNU tar sees them", () => {
  it("has one top folder, fixed owner, time and modes, and relative links", async () => {
    const { path, layout } = await build("tar.gz");
    const top = layout.topDir;
    const list = await listTar(path);
    expect(list.map((l) => l.name)).toEqual([
      `${top}/`,
      `${top}/CHANGELOG.md`,
      `${top}/INSTALL.md`,
      `${top}/LICENSE-MIT`,
      `${top}/README.md`,
      `${top}/bin/`,
      `${top}/bin/rgreet`,
      `${top}/configs/`,
      `${top}/configs/app.conf`,
      `${top}/demo/`,
      `${top}/demo/run-demo.sh`,
      `${top}/docs/`,
      `${top}/docs/faq.md`,
      `${top}/docs/guide.md`,
      `${top}/rgreet`,
      `${top}/setup-env.sh`,
      `${top}/target/`,
      `${top}/target/release/`,
      `${top}/target/release/rgreet`,
    ]);
    for (const l of list) {
      expect(l.owner).toBe("0/0");
      expect(l.time).toBe("2023-11-14 22:13:20");
    }
    const byName = Object.fromEntries(list.map((l) => [l.name.slice(top.length + 1), l]));
    expect(byName["bin/"]?.mode).toBe("drwxr-xr-x");
    expect(byName["bin/rgreet"]?.mode).toBe("-rwxr-xr-x");
    expect(byName["demo/run-demo.sh"]?.mode).toBe("-rwxr-xr-x");
    expect(byName["setup-env.sh"]?.mode).toBe("-rwxr-xr-x");
    expect(byName["README.md"]?.mode).toBe("-rw-r--r--");
    expect(byName["target/release/rgreet"]).toMatchObject({ mode: "lrwxrwxrwx", link: "../../bin/rgreet" });
    expect(byName["rgreet"]).toMatchObject({ mode: "lrwxrwxrwx", link: "bin/rgreet" });
    const numeric = await listTar(path, ["--numeric-owner"]);
    expect(new Set(numeric.map((l) => l.owner))).toEqual(new Set(["0/0"]));
  });

  it("extracts to a folder where the demo runs through target/release and setup-env.sh works from any folder", async () => {
    const { path, layout } = await build("tar.gz");
    await run("tar", ["-xf", path], { cwd: dir });
    const top = join(dir, layout.topDir);
    expect(await run(join(top, "demo/run-demo.sh"), [], { cwd: dir })).toBe(
      "rgreet 1.2.3\nhello from rgreet --config configs/app.conf\n",
    );
    expect(await run("./bin/rgreet", ["--version"], { cwd: top })).toBe("rgreet 1.2.3\n");
    for (const shell of ["sh", "bash"]) {
      const fromTop = await run(shell, ["-c", ". ./setup-env.sh && command -v rgreet && rgreet --version"], {
        cwd: top,
      });
      expect(fromTop).toBe(`${top}/bin/rgreet\nrgreet 1.2.3\n`);
      const elsewhere = await run(shell, ["-c", `. "${top}/setup-env.sh" && command -v rgreet`], {
        cwd: "/",
      });
      expect(elsewhere).toBe(`${top}/bin/rgreet\n`);
      const relative = await run(shell, ["-c", `. ./${layout.topDir}/setup-env.sh && command -v rgreet`], {
        cwd: dir,
      });
      expect(relative).toBe(`${top}/bin/rgreet\n`);
    }
  });

  it("gives byte-identical archives for the same inputs whatever their times and owners on disk", async () => {
    const first = await build("tar.gz", "one");
    await utimes(join(dir, "build/rgreet"), new Date(), new Date(2001, 1, 1));
    await utimes(join(dir, "README.md"), new Date(), new Date());
    await chmod(join(dir, "configs/app.conf"), 0o600);
    await run("chown", ["-R", "12345:54321", dir]).catch(() => undefined);
    const second = await build("tar.gz", "two");
    expect(second.sha256).toBe(first.sha256);
    await run("cmp", [first.path, second.path]);
    const bytes = await readFile(first.path);
    // No name, no time, OS "unknown" (255): the same bytes whatever machine wrote them.
    expect([...bytes.subarray(0, 10)]).toEqual([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255]);
  });

  it.each(["tar.xz", "tar.zst"] as const)(
    "writes %s that its tool verifies and tar reads, reproducibly",
    async (format) => {
      const first = await build(format, "one");
      const second = await build(format, "two");
      await run("cmp", [first.path, second.path]);
      await run(format === "tar.xz" ? "xz" : "zstd", ["-t", first.path]);
      const list = await listTar(first.path, format === "tar.zst" ? ["--zstd"] : []);
      expect(list.find((l) => l.name.endsWith("/target/release/rgreet"))?.link).toBe("../../bin/rgreet");
      expect(first.size).toBe((await readFile(first.path)).length);
    },
  );

  it("packages a file linked on disk as its content, and refuses an escaping link entry", async () => {
    await fakeWorkspace(dir, "rgreet");
    // A committed link to a file that is not packaged itself: packaged as a copy.
    await symlink("README.md", join(dir, "README-link.md"));
    await commitAll(dir);
    const includes = await resolveIncludes(dir, ["README-link.md"], { defaults: false, env: process.env });
    const ok = await writeArchive({
      outPath: join(dir, "dist/a.tar.gz"),
      format: "tar.gz",
      topDir: "a",
      entries: includes.map((i) => ({ path: i.dest, type: "file", source: i.source, mode: 0o644 })),
      mtime: EPOCH,
    });
    expect((await listTar(ok.path)).map((l) => l.mode)).toEqual(["drwxr-xr-x", "-rw-r--r--"]);
    await expect(
      writeArchive({
        outPath: join(dir, "dist/b.tar.gz"),
        format: "tar.gz",
        topDir: "b",
        entries: [{ path: "evil", type: "symlink", linkTarget: "../../etc/passwd", mode: 0o777 }],
        mtime: EPOCH,
      }),
    ).rejects.toMatchObject({ code: "EARCHIVELINK" });
    await expect(run("ls", [join(dir, "dist/b.tar.gz")])).rejects.toThrow();
  });
  it("keeps long names and link targets exact (ustar prefix or PAX records)", async () => {
    const deep = `${"d".repeat(60)}/${"e".repeat(60)}/${"f".repeat(60)}/file.txt`;
    const huge = `${"x".repeat(120)}/${"y".repeat(130)}.txt`;
    const linkTarget = `${"../".repeat(3)}${deep}`;
    const entries = [
      { path: deep, type: "file" as const, content: "deep\n", mode: 0o644 },
      { path: huge, type: "file" as const, content: "huge\n", mode: 0o644 },
      { path: "a/b/c/link", type: "symlink" as const, linkTarget, mode: 0o777 },
    ];
    const first = await writeArchive({
      outPath: join(dir, "one/long.tar.gz"),
      format: "tar.gz",
      topDir: "top",
      entries,
      mtime: EPOCH,
    });
    const second = await writeArchive({
      outPath: join(dir, "two/long.tar.gz"),
      format: "tar.gz",
      topDir: "top",
      entries,
      mtime: EPOCH,
    });
    expect(second.sha256).toBe(first.sha256);
    const list = await listTar(first.path);
    expect(list.map((l) => l.name)).toContain(`top/${deep}`);
    expect(list.map((l) => l.name)).toContain(`top/${huge}`);
    expect(list.find((l) => l.name === "top/a/b/c/link")?.link).toBe(linkTarget);
    await run("tar", ["-xf", first.path], { cwd: dir });
    expect(await readFile(join(dir, "top/a/b/c/link"), "utf8")).toBe("deep\n");
    expect(await readFile(join(dir, "top", huge), "utf8")).toBe("huge\n");
  });
  it("reports a missing compressor program with a coded error and leaves no file behind", async () => {
    const entries = [{ path: "a.txt", type: "file" as const, content: "a\n", mode: 0o644 }];
    const outPath = join(dir, "dist/a.tar.xz");
    await expect(
      writeArchive({
        outPath,
        format: "tar.xz",
        topDir: "a",
        entries,
        mtime: EPOCH,
        env: { PATH: join(dir, "no-bin") },
      }),
    ).rejects.toMatchObject({ code: "EARCHIVETOOL" });
    expect(await run("ls", ["-A", join(dir, "dist")])).toBe("");
    await expect(
      writeArchive({ outPath, format: "tar.xz", topDir: "../a", entries, mtime: EPOCH }),
    ).rejects.toMatchObject({
      code: "EARCHIVEPATH",
    });
  });
  it("announces a file of 8 GiB and more with a PAX size record that GNU tar and python read", async () => {
    const size = 9 * 1024 ** 3 + 1;
    const head = Buffer.concat(
      tarHeaderBlocks({ name: "top/huge.bin", type: "0", mode: 0o644, size, mtime: EPOCH }),
    );
    // The header, then the file's zeros, padding and the end blocks as a sparse tail: no disk used.
    const path = join(dir, "huge.tar");
    await writeFile(path, head);
    await truncate(path, head.length + size + 511 + 1024);
    const list = await listTar(path, ["--numeric-owner"]);
    expect(list.map((l) => [l.name, l.size, l.owner])).toEqual([["top/huge.bin", size, "0/0"]]);
    const py = await run("python3", [
      "-c",
      "import sys, tarfile; print([(m.name, m.size, m.uname) for m in tarfile.open(sys.argv[1])])",
      path,
    ]);
    expect(py).toBe(`[('top/huge.bin', ${size}, '')]\n`);
  });
});
