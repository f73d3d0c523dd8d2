import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { packageTarget } from "../../src/binaries/package-target.js";
import { checksumLine, writeChecksumFile, writeSha256Sums } from "../../src/binaries/checksums.js";
import { EPOCH, fakeBinary, run, tempDir } from "../helpers/archive-fixtures.js";

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

/** Packages an `rgreet` binary for x86_64 Linux as tar.gz under `archiveName`; returns the archive's artifact. */
async function packageLinux(distDir: string, archiveName: string) {
  const binary = await fakeBinary(dir, "rgreet");
  const [archive] = await packageTarget({
    name: "rgreet",
    version: "1.2.3",
    target: "x86_64-unknown-linux-gnu",
    format: "tar.gz",
    archiveName,
    binaries: [{ name: "rgreet", path: binary }],
    includes: [],
    distDir,
    mtime: EPOCH,
  });
  return archive;
}

describe("checksums of packaged archives", () => {
  it("writes {archive}.sha256 and SHA256SUMS that sha256sum -c accepts in the dist folder", async () => {
    const binary = await fakeBinary(dir, "rgreet");
    const distDir = join(dir, "dist");
    const targets = ["x86_64-unknown-linux-gnu", "x86_64-pc-windows-msvc", "aarch64-apple-darwin"];
    const artifacts = (
      await Promise.all(
        targets.map((target) =>
          packageTarget({
            name: "rgreet",
            version: "1.2.3",
            target,
            format: target.includes("windows") ? "zip" : "tar.gz",
            archiveName: "{name}-v{version}-{target}",
            binaries: [{ name: "rgreet", path: binary }],
            includes: [],
            distDir,
            mtime: EPOCH,
          }),
        ),
      )
    ).flat();
    expect(artifacts.map((a) => `${a.kind} ${a.path}`).sort()).toEqual([
      "archive rgreet-v1.2.3-aarch64-apple-darwin.tar.gz",
      "archive rgreet-v1.2.3-x86_64-pc-windows-msvc.zip",
      "archive rgreet-v1.2.3-x86_64-unknown-linux-gnu.tar.gz",
      "checksum rgreet-v1.2.3-aarch64-apple-darwin.tar.gz.sha256",
      "checksum rgreet-v1.2.3-x86_64-pc-windows-msvc.zip.sha256",
      "checksum rgreet-v1.2.3-x86_64-unknown-linux-gnu.tar.gz.sha256",
    ]);
    for (const a of artifacts) {
      const bytes = await readFile(join(distDir, a.path));
      expect(a.size).toBe(bytes.length);
      const actual = (await run("sha256sum", [a.path], { cwd: distDir })).split(" ")[0];
      expect(a.sha256).toBe(actual);
    }
    const linux = "rgreet-v1.2.3-x86_64-unknown-linux-gnu.tar.gz";
    const line = await readFile(join(distDir, `${linux}.sha256`), "utf8");
    expect(line).toMatch(new RegExp(`^[0-9a-f]{64}  ${linux.replace(/\./g, "\\.")}\\n$`));
    expect(await run("sha256sum", ["-c", `${linux}.sha256`], { cwd: distDir })).toBe(`${linux}: OK\n`);

    const archives = artifacts
      .filter((a) => a.kind === "archive")
      .map((a) => ({ path: join(distDir, a.path), sha256: a.sha256 }));
    const sums = await writeSha256Sums(distDir, archives);
    expect(sums.path).toBe(join(distDir, "SHA256SUMS"));
    const checked = await run("sha256sum", ["-c", "SHA256SUMS"], { cwd: distDir });
    expect(checked.trim().split("\n")).toEqual([
      "rgreet-v1.2.3-aarch64-apple-darwin.tar.gz: OK",
      "rgreet-v1.2.3-x86_64-pc-windows-msvc.zip: OK",
      "rgreet-v1.2.3-x86_64-unknown-linux-gnu.tar.gz: OK",
    ]);
    expect(sums.size).toBe((await readFile(sums.path)).length);
  });

  it("makes sha256sum -c fail when the archive changes after packaging", async () => {
    const distDir = join(dir, "dist");
    const archive = await packageLinux(distDir, "{name}-v{version}-{target}");
    await run("truncate", ["-s", "-1", join(distDir, archive!.path)]);
    await expect(run("sha256sum", ["-c", `${archive!.path}.sha256`], { cwd: distDir })).rejects.toThrow(
      /did NOT match/,
    );
  });
});

describe("checksum lines with unusual names", () => {
  it("writes .sha256 and SHA256SUMS for names with spaces and quotes that sha256sum -c accepts", async () => {
    const distDir = join(dir, "dist");
    const archive = await packageLinux(distDir, "{name} v{version} it's {target}");
    const file = "rgreet v1.2.3 it's x86_64-unknown-linux-gnu.tar.gz";
    expect(archive!.path).toBe(file);
    expect(await readFile(join(distDir, `${file}.sha256`), "utf8")).toBe(`${archive!.sha256}  ${file}\n`);
    expect(await run("sha256sum", ["-c", `${file}.sha256`], { cwd: distDir })).toBe(`${file}: OK\n`);
    await writeSha256Sums(distDir, [{ path: join(distDir, file), sha256: archive!.sha256 }]);
    expect(await run("sha256sum", ["-c", "SHA256SUMS"], { cwd: distDir })).toBe(`${file}: OK\n`);
  });

  it.each([
    [
      "a line feed",
      "tool.tar.gz\n0000000000000000000000000000000000000000000000000000000000000000  forged.tar.gz",
    ],
    ["a carriage return", "tool\r.tar.gz"],
    ["a backslash", "tool\\x.tar.gz"],
    ["a control character", "tool\u0007.tar.gz"],
  ])("refuses a file name with %s, writing no checksum file", async (_, name) => {
    const sha256 = "a".repeat(64);
    await expect(writeChecksumFile({ path: join(dir, name), sha256 })).rejects.toMatchObject({
      code: "EUNSAFENAME",
    });
    await expect(writeSha256Sums(dir, [{ path: join(dir, name), sha256 }])).rejects.toMatchObject({
      code: "EUNSAFENAME",
    });
    expect(await readdir(dir)).toEqual([]);
    expect(() => checksumLine(sha256, name, "SHA256SUMS")).toThrow(
      /cannot be written into SHA256SUMS: it contains U\+00|`\\`/,
    );
  });
});
