import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bufferReader, fileRequirement, systemRequirement } from "../../src/binaries/system-requirements.js";
import { exec } from "../../src/util/exec.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "srr-sysreq-"));
  await writeFile(join(dir, "hello.rs"), 'fn main() { println!("hi"); }\n');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** The highest GLIBC_x.y the dynamic symbols need, as binutils reports it. */
async function objdumpFloor(path: string): Promise<string> {
  const { stdout } = await exec("objdump", ["-T", path]);
  const versions = [...stdout.matchAll(/GLIBC_(\d+(?:\.\d+)+)/g)].map((m) => m[1] as string);
  const key = (v: string) =>
    v
      .split(".")
      .map((n) => n.padStart(4, "0"))
      .join(".");
  return versions.sort((a, b) => key(a).localeCompare(key(b))).at(-1) as string;
}

describe("system requirements read from real binaries built here", () => {
  it("gives the glibc floor of a dynamically linked binary, as objdump reports it", async () => {
    const out = join(dir, "dynamic");
    await exec("rustc", ["-O", "-o", out, join(dir, "hello.rs")]);
    expect(await fileRequirement(out)).toBe(`glibc >= ${await objdumpFloor(out)}`);
    // And once stripped (the version needs stay: the dynamic loader uses them).
    await exec("strip", [out]);
    expect(await fileRequirement(out)).toBe(`glibc >= ${await objdumpFloor(out)}`);
  });

  it("says static for a binary without a dynamic loader (crt-static, like musl builds)", async () => {
    const out = join(dir, "static");
    await exec("rustc", ["-O", "-C", "target-feature=+crt-static", "-o", out, join(dir, "hello.rs")]);
    expect(await fileRequirement(out)).toBe("static");
  });

  it("does not recognise a text file", async () => {
    expect(await fileRequirement(join(dir, "hello.rs"))).toBeUndefined();
  });
});

/** A thin 64-bit Mach-O header with one load command. */
function machO(cputype: number, cmd: Buffer): Buffer {
  const h = Buffer.alloc(32);
  h.writeUInt32LE(0xfeedfacf, 0);
  h.writeUInt32LE(cputype, 4);
  h.writeUInt32LE(2, 12); // MH_EXECUTE
  h.writeUInt32LE(1, 16); // ncmds
  h.writeUInt32LE(cmd.length, 20);
  return Buffer.concat([h, cmd, Buffer.alloc(64)]);
}

const buildVersion = (platform: number, minos: number) => {
  const c = Buffer.alloc(24);
  c.writeUInt32LE(0x32, 0);
  c.writeUInt32LE(24, 4);
  c.writeUInt32LE(platform, 8);
  c.writeUInt32LE(minos, 12);
  c.writeUInt32LE(minos, 16);
  return c;
};

const versionMinMacosx = (version: number) => {
  const c = Buffer.alloc(16);
  c.writeUInt32LE(0x24, 0);
  c.writeUInt32LE(16, 4);
  c.writeUInt32LE(version, 8);
  return c;
};

/** A PE file: MZ stub whose e_lfanew points at `PE\0\0` and the COFF machine field. */
function pe(machine: number): Buffer {
  const b = Buffer.alloc(0x100);
  b.write("MZ", 0, "latin1");
  b.writeUInt32LE(0x80, 0x3c);
  b.writeUInt32LE(0x4550, 0x80);
  b.writeUInt16LE(machine, 0x84);
  return b;
}

describe("system requirements from synthetic Mach-O and PE headers", () => {
  it("reads the macOS minimum from LC_BUILD_VERSION and LC_VERSION_MIN_MACOSX", async () => {
    expect(await systemRequirement(bufferReader(machO(0x0100000c, buildVersion(1, 0x000b0000))))).toBe(
      "macOS >= 11.0 (arm64)",
    );
    expect(await systemRequirement(bufferReader(machO(0x01000007, versionMinMacosx(0x000a0c02))))).toBe(
      "macOS >= 10.12.2 (x86_64)",
    );
    // A build version for another platform (iOS = 2) gives no macOS minimum.
    expect(await systemRequirement(bufferReader(machO(0x0100000c, buildVersion(2, 0x000e0000))))).toBe(
      "macOS (arm64)",
    );
  });

  it("reads the Windows architecture from the PE header", async () => {
    expect(await systemRequirement(bufferReader(pe(0x8664)))).toBe("Windows x64");
    expect(await systemRequirement(bufferReader(pe(0xaa64)))).toBe("Windows ARM64");
    expect(await systemRequirement(bufferReader(pe(0x14c)))).toBe("Windows x86");
  });
});
