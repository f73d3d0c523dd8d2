import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  loadMinisignKey,
  inMemory,
  minisignHolds,
  minisignSignature,
  onDisk,
  scryptParams,
} from "../../src/sign/minisign-key.js";
import { exec } from "../../src/util/exec.js";

let dir: string;
/** Two key pairs made by the real `minisign -G -W` (no password: no slow derivation). */
const pairs: { secret: string; pub: string }[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "srr-minisign-"));
  for (const name of ["release", "other"]) {
    const [pub, secret] = [join(dir, `${name}.pub`), join(dir, `${name}.key`)];
    await exec("minisign", ["-G", "-W", "-p", pub, "-s", secret]);
    pairs.push({ secret: await readFile(secret, "utf8"), pub });
  }
  await writeFile(join(dir, "rgreet.tar.gz"), "the archive's bytes\n");
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const verifyWithMinisign = (pub: string, file: string, sig: string) =>
  exec("minisign", ["-V", "-p", pub, "-m", file, "-x", sig], { reject: false });

describe("minisign signatures made in this process", () => {
  it("are accepted by the real minisign -V, with the trusted comment minisign writes", async () => {
    const key = await loadMinisignKey(pairs[0]!.secret, undefined);
    const file = join(dir, "rgreet.tar.gz");
    const sig = await minisignSignature(key, file, onDisk(file), Date.UTC(2026, 0, 2) + 999);
    await writeFile(`${file}.minisig`, sig);
    const r = await verifyWithMinisign(pairs[0]!.pub, file, `${file}.minisig`);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("Signature and comment signature verified");
    expect(r.stdout).toContain(
      `Trusted comment: timestamp:${Date.UTC(2026, 0, 2) / 1000}\tfile:rgreet.tar.gz\thashed`,
    );
  });

  it("refuse a tampered file and another key's signature, and accept the real minisign's", async () => {
    const key = await loadMinisignKey(pairs[0]!.secret, undefined);
    const file = join(dir, "rgreet.tar.gz");
    const data = await readFile(file);
    const other = await minisignSignature(
      await loadMinisignKey(pairs[1]!.secret, undefined),
      file,
      inMemory(data),
    );
    const own = await minisignSignature(key, file, inMemory(data));
    expect(await minisignHolds(key, inMemory(data), own)).toBe(true);
    expect(await minisignHolds(key, onDisk(file), own)).toBe(true);
    expect(await minisignHolds(key, inMemory(Buffer.concat([data, Buffer.from("x")])), own)).toBe(false);
    expect(await minisignHolds(key, inMemory(data), other)).toBe(false);
    const secret = join(dir, "release.key");
    await exec("minisign", ["-S", "-s", secret, "-m", file, "-x", join(dir, "real.minisig")]);
    expect(await minisignHolds(key, inMemory(data), await readFile(join(dir, "real.minisig")))).toBe(true);
    await writeFile(join(dir, "own.minisig"), own);
    expect((await verifyWithMinisign(pairs[1]!.pub, file, join(dir, "own.minisig"))).code).not.toBe(0);
  });

  it("refuses text that is not a minisign secret key", async () => {
    await expect(loadMinisignKey("untrusted comment: x\nRWQAAA==\n", undefined)).rejects.toThrow(
      "not a minisign secret key",
    );
  });
});

describe("libsodium's scrypt parameters of a key's opslimit and memlimit", () => {
  it("gives minisign's (sensitive) limits N=2^20, r=8, p=1 and the interactive ones N=2^14", () => {
    expect(scryptParams(33554432, 1073741824)).toEqual({ N: 2 ** 20, r: 8, p: 1 });
    expect(scryptParams(524288, 16777216)).toEqual({ N: 2 ** 14, r: 8, p: 1 });
    expect(scryptParams(32768, 2 ** 30)).toEqual({ N: 2 ** 10, r: 8, p: 1 });
  });
});
