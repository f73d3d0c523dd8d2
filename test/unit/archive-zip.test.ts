import { readFile, stat, utimes } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { planArchiveLayout } from "../../src/binaries/archive-layout.js";
import { writeArchive } from "../../src/binaries/archive-write.js";
import { resolveIncludes } from "../../src/binaries/include-globs.js";
import { EPOCH, fakeWorkspace, run, tempDir, writeFiles } from "../helpers/archive-fixtures.js";

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

const TARGET = "x86_64-pc-windows-msvc";

/** A prebuilt Windows executable (starts like a PE file) and a workspace with docs. */
async function windowsZip(out: string) {
  await fakeWorkspace(dir, "rgreet");
  await writeFiles(dir, {
    "prebuilt/rgreet.exe": `MZ${"\u0090".repeat(64)}fake pe\n`,
    "prebuilt/rgreet-admin.exe": "MZ admin\n",
  });
  const includes = await resolveIncludes(dir, ["configs"], { defaults: true, env: process.env });
  const layout = planArchiveLayout({
    name: "rgreet",
    version: "1.2.3",
    target: TARGET,
    format: "zip",
    archiveName: "{name}-v{version}-{target}",
    binaries: [
      { name: "rgreet", path: join(dir, "prebuilt/rgreet.exe") },
      { name: "rgreet-admin", path: join(dir, "prebuilt/rgreet-admin.exe") },
    ],
    includes,
  });
  const written = await writeArchive({
    outPath: join(dir, out, layout.fileName),
    format: "zip",
    topDir: layout.topDir,
    entries: layout.entries,
    mtime: EPOCH,
  });
  return { ...written, layout };
}

describe("zip archives for Windows targets", () => {
  it("lists the Windows layout with copies instead of links, Unix modes and the release time", async () => {
    const { path, layout } = await windowsZip("dist");
    const top = layout.topDir;
    expect(layout.fileName).toBe(`rgreet-v1.2.3-${TARGET}.zip`);
    await run("unzip", ["-tq", path]);
    const lines = (await run("unzip", ["-Z", "-T", path])).trim().split("\n").slice(2, -1);
    const rows = lines
      .map((l) => l.split(/\s+/))
      .map((c) => ({ mode: c[0], os: c[2], time: c[6], name: c[7] }));
    expect(rows.map((r) => r.name)).toEqual([
      `${top}/`,
      `${top}/CHANGELOG.md`,
      `${top}/INSTALL.md`,
      `${top}/LICENSE-MIT`,
      `${top}/README.md`,
      `${top}/bin/`,
      `${top}/bin/rgreet-admin.exe`,
      `${top}/bin/rgreet.exe`,
      `${top}/configs/`,
      `${top}/configs/app.conf`,
      `${top}/demo/`,
      `${top}/demo/run-demo.sh`,
      `${top}/rgreet-admin.exe`,
      `${top}/rgreet.exe`,
      `${top}/setup-env.bat`,
      `${top}/setup-env.sh`,
      `${top}/target/`,
      `${top}/target/release/`,
      `${top}/target/release/rgreet-admin.exe`,
      `${top}/target/release/rgreet.exe`,
    ]);
    for (const r of rows) {
      expect(r.os).toBe("unx");
      expect(r.time).toBe("20231114.221320");
    }
    const mode = (n: string) => rows.find((r) => r.name === `${top}/${n}`)?.mode;
    expect(mode("bin/")).toBe("drwxr-xr-x");
    expect(mode("bin/rgreet.exe")).toBe("-rwxr-xr-x");
    expect(mode("target/release/rgreet.exe")).toBe("-rwxr-xr-x");
    expect(mode("README.md")).toBe("-rw-r--r--");
    // `unzip -l`, as a user lists it: every file under the one top folder, the binary's copies full size.
    const listed = (await run("unzip", ["-l", path])).split("\n").slice(3, -3);
    const sizes = Object.fromEntries(
      listed.map((l) => l.trim().split(/\s+/)).map((c) => [c[3], Number(c[0])] as const),
    );
    expect(Object.keys(sizes)).toEqual(rows.map((r) => r.name));
    const exeSize = (await stat(join(dir, "prebuilt/rgreet.exe"))).size;
    for (const p of ["bin/rgreet.exe", "rgreet.exe", "target/release/rgreet.exe"])
      expect(sizes[`${top}/${p}`]).toBe(exeSize);
    const verbose = await run("unzip", ["-Zv", path]);
    expect(verbose.match(/length of extra field:\s+(\d+)/g)?.every((m) => m.endsWith(" 0"))).toBe(true);
  });

  it("extracts copies with the binaries' bytes and a setup-env.bat with CRLF lines", async () => {
    const { path, layout } = await windowsZip("dist");
    await run("unzip", ["-q", path, "-d", join(dir, "out")]);
    const top = join(dir, "out", layout.topDir);
    const original = await readFile(join(dir, "prebuilt/rgreet.exe"));
    for (const p of ["bin/rgreet.exe", "rgreet.exe", "target/release/rgreet.exe"]) {
      expect(await readFile(join(top, p))).toEqual(original);
      expect((await stat(join(top, p))).mode & 0o777).toBe(0o755);
    }
    const bat = await readFile(join(top, "setup-env.bat"), "utf8");
    expect(bat).toContain('set "PATH=%~dp0bin;%PATH%"\r\n');
    const install = await readFile(join(top, "INSTALL.md"), "utf8");
    expect(install).toContain(`Get-FileHash .\\${layout.fileName} -Algorithm SHA256`);
  });

  it("is byte-identical across builds with different file times", async () => {
    const first = await windowsZip("one");
    await utimes(join(dir, "prebuilt/rgreet.exe"), new Date(), new Date(1999, 0, 1));
    await utimes(join(dir, "configs/app.conf"), new Date(), new Date());
    const second = await windowsZip("two");
    await run("cmp", [first.path, second.path]);
    expect(second.sha256).toBe(first.sha256);
  });
});
