import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gzip9n, type LinuxPackageInput } from "../../src/installers/linux-package.js";
import { withPackageSigner } from "../../src/installers/linux-packages-sign.js";
import { rpmBytes, rpmFileName } from "../../src/installers/rpm.js";
import { exec } from "../../src/util/exec.js";
import { makeSignKeys, type SignKeys } from "../helpers/sign-keys.js";

let work: string;
let keys: SignKeys;
let elf: string;
const run = (cmd: string, args: string[]) =>
  exec(cmd, args, { reject: false, env: { ...process.env, LC_ALL: "C" } });
const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

/** A package of `hello` (a real ELF program), its man page, completions and doc files, as the plugin makes one. */
const input = (o: Partial<LinuxPackageInput> = {}): LinuxPackageInput => ({
  maintainer: "Release Bot <release@example.com>",
  section: "utils",
  homepage: "https://example.com/hello",
  license: "MIT OR Apache-2.0",
  summary: "Says hello",
  description: "Says hello. 100% of the time,\nin one line.",
  name: "hello",
  version: "1.0.0",
  arch: "x86_64",
  depends: ["glibc >= 2.17"],
  mtime: 1_700_000_000,
  entries: [
    { path: "usr/bin/hello", type: "file", mode: 0o755, source: elf },
    { path: "usr/share/doc/hello/copyright", type: "file", mode: 0o644, content: "Copyright Hello\n" },
    { path: "usr/share/doc/hello/changelog.gz", type: "file", mode: 0o644, content: gzip9n("* first\n") },
    { path: "usr/share/man/man1/hello.1.gz", type: "file", mode: 0o644, content: gzip9n(".TH HELLO 1\n") },
    {
      path: "usr/share/zsh/vendor-completions/_hello",
      type: "file",
      mode: 0o644,
      content: "#compdef hello\n",
    },
  ],
  ...o,
});

/** Writes `bytes` as the package's usual file name in the work folder and returns its path. */
async function save(p: LinuxPackageInput, bytes: Buffer, dir = "out"): Promise<string> {
  await mkdir(join(work, dir), { recursive: true });
  const path = join(work, dir, rpmFileName(p.name, p.version, p.arch));
  await writeFile(path, bytes);
  return path;
}

/** An rpm database of its own with `publicKey` imported. */
async function keyring(name: string, publicKey: string): Promise<string> {
  const db = join(work, name);
  await mkdir(db, { recursive: true });
  expect((await run("rpm", ["--dbpath", db, "--import", publicKey])).code).toBe(0);
  return db;
}

beforeAll(async () => {
  work = await mkdtemp(join(process.env.TMPDIR ?? tmpdir(), "srr-rpmw-"));
  keys = await makeSignKeys({ minisignPassword: false });
  elf = (await exec("which", ["true"])).stdout.trim();
}, 120_000);
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
  await keys.cleanup();
});

describe(".rpm written without rpmbuild", () => {
  it("rpm -qp --dump: root-owned files with their modes, sizes, times and sha256 digests; docs flagged", async () => {
    const p = input();
    const path = await save(p, await rpmBytes(p));
    const dump = (await run("rpm", ["-qp", "--dump", path])).stdout.trim().split("\n");
    const program = await readFile(elf);
    expect(dump).toEqual([
      expect.stringMatching(
        `/usr/bin/hello ${program.length} 1700000000 ${sha256(program)} 0100755 root root 0 0 0 X`,
      ),
      `/usr/share/doc/hello 0 1700000000 ${"0".repeat(64)} 040755 root root 0 0 0 X`,
      `/usr/share/doc/hello/changelog.gz 28 1700000000 ${sha256(gzip9n("* first\n"))} 0100644 root root 0 1 0 X`,
      `/usr/share/doc/hello/copyright 16 1700000000 ${sha256(Buffer.from("Copyright Hello\n"))} 0100644 root root 0 1 0 X`,
      expect.stringMatching(
        /^\/usr\/share\/man\/man1\/hello\.1\.gz \d+ 1700000000 [0-9a-f]{64} 0100644 root root 0 1 0 X$/,
      ),
      `/usr/share/zsh/vendor-completions/_hello 15 1700000000 ${sha256(Buffer.from("#compdef hello\n"))} 0100644 root root 0 0 0 X`,
    ]);
    const info = (await run("rpm", ["-qip", path])).stdout;
    expect(info).toMatch(/Name\s+: hello\nVersion\s+: 1\.0\.0\nRelease\s+: 1\nArchitecture: x86_64\n/);
    expect(info).toMatch(/License\s+: MIT OR Apache-2.0\n/);
    expect(info).toMatch(/Source RPM\s+: hello-1\.0\.0-1\.src\.rpm\n/);
    expect(info).toMatch(/Build Date\s+: Tue Nov 14 22:13:20 2023\n/);
    expect(info).toMatch(/Packager\s+: Release Bot <release@example\.com>\n/);
    expect(info).toMatch(/URL\s+: https:\/\/example\.com\/hello\n/);
    expect(info).toMatch(/Description :\nSays hello\. 100% of the time,\nin one line\.\n?$/);
    expect((await run("rpm", ["-qp", "--docfiles", path])).stdout.trim().split("\n")).toEqual([
      "/usr/share/doc/hello/changelog.gz",
      "/usr/share/doc/hello/copyright",
      "/usr/share/man/man1/hello.1.gz",
    ]);
    const requires = (await run("rpm", ["-qp", "--requires", path])).stdout.trim().split("\n");
    expect(requires).toEqual([
      "glibc >= 2.17",
      "rpmlib(CompressedFileNames) <= 3.0.4-1",
      "rpmlib(FileDigests) <= 4.6.0-1",
      "rpmlib(PayloadFilesHavePrefix) <= 4.0-1",
    ]);
    expect((await run("rpm", ["-K", path])).stdout).toBe(`${path}: digests OK\n`);
    expect((await run("file", ["-b", path])).stdout).toBe("RPM v3.0 bin i386/x86_64\n");
  });

  it("installs into an rpm --root, the program runs, rpm -V finds nothing changed until a file is", async () => {
    const p = input();
    const path = await save(p, await rpmBytes(p));
    const root = join(work, "root");
    const db = ["--root", root, "--dbpath", "/rpmdb"];
    const i = await run("rpm", [...db, "-i", "--nodeps", path]);
    expect(i.code, i.stderr).toBe(0);
    expect((await run(join(root, "usr/bin/hello"), [])).code).toBe(0);
    expect((await run("rpm", [...db, "-q", "hello"])).stdout).toBe("hello-1.0.0-1.x86_64\n");
    const verify = await run("rpm", [...db, "-V", "--nodeps", "hello"]);
    expect([verify.code, verify.stdout]).toEqual([0, ""]);
    await writeFile(join(root, "usr/share/doc/hello/copyright"), "changed\n");
    expect((await run("rpm", [...db, "-V", "--nodeps", "hello"])).stdout).toMatch(
      /^S\.5\.\.\.\.T\.\s+d \/usr\/share\/doc\/hello\/copyright$/m,
    );
  });

  it("a prerelease sorts before its release: rpm -U goes from 1.1.0~rc.1 to 1.1.0", async () => {
    const root = join(work, "upgrade");
    const db = ["--root", root, "--dbpath", "/rpmdb"];
    for (const version of ["1.1.0-rc.1", "1.1.0"]) {
      const p = input({ version });
      const r = await run("rpm", [...db, "-U", "--nodeps", await save(p, await rpmBytes(p), version)]);
      expect(r.code, r.stderr).toBe(0);
    }
    expect((await run("rpm", [...db, "-q", "hello"])).stdout).toBe("hello-1.1.0-1.x86_64\n");
  });

  it("aarch64: the lead, ARCH and the provides name the architecture; no libc requirement for a static build", async () => {
    const p = input({ arch: "aarch64", depends: [] });
    const path = await save(p, await rpmBytes(p));
    const bytes = await readFile(path);
    expect(bytes.readUInt16BE(8)).toBe(19); // the lead's arch number, rpmrc's arch_canon of aarch64
    expect((await run("rpm", ["-qp", "--qf", "%{ARCH} %{OS}", path])).stdout).toBe("aarch64 linux");
    expect((await run("rpm", ["-qp", "--provides", path])).stdout).toBe(
      "hello = 1.0.0-1\nhello(aarch-64) = 1.0.0-1\n",
    );
    expect((await run("rpm", ["-qp", "--requires", path])).stdout).not.toMatch(/glibc/);
  });

  it("depends.rpm overrides: plain names, versions and rich dependencies, as rpm -qp --requires lists them", async () => {
    const p = input({ depends: ["ca-certificates", "openssl-libs >= 3", "(zsh or bash)"] });
    const path = await save(p, await rpmBytes(p), "override");
    expect((await run("rpm", ["-qp", "--requires", path])).stdout.trim().split("\n")).toEqual([
      "(zsh or bash)",
      "ca-certificates",
      "openssl-libs >= 3",
      "rpmlib(CompressedFileNames) <= 3.0.4-1",
      "rpmlib(FileDigests) <= 4.6.0-1",
      "rpmlib(PayloadFilesHavePrefix) <= 4.0-1",
      "rpmlib(RichDependencies) <= 4.12.0-1",
    ]);
    expect((await run("rpm", ["-K", path])).stdout).toBe(`${path}: digests OK\n`);
  });

  it("the same inputs give the same bytes; another commit time gives other bytes", async () => {
    const [a, b, c] = await Promise.all([
      rpmBytes(input()),
      rpmBytes(input()),
      rpmBytes(input({ mtime: 1 })),
    ]);
    expect(sha256(a)).toBe(sha256(b));
    expect(sha256(c)).not.toBe(sha256(a));
  });

  it("signed with an ed25519 key: a v4 header signature rpm -K accepts with the key, NOKEY without", async () => {
    const p = input();
    const bytes = await withPackageSigner(keys.sign.gpg, { ...process.env, ...keys.env }, async (s) =>
      rpmBytes(p, (h) => s!.signRpmHeader(h)),
    );
    const path = await save(p, bytes, "ed25519");
    const empty = ["--dbpath", join(work, "empty-db")];
    expect((await run("rpm", [...empty, "-K", path])).stdout).toBe(`${path}: digests SIGNATURES NOT OK\n`);
    expect((await run("rpm", [...empty, "-Kv", path])).stdout).toMatch(
      /Header V4 EdDSA\/SHA256 Signature, key ID [0-9a-f]+: NOKEY/,
    );
    const db = await keyring("ed25519-db", keys.gpgPublicKey);
    expect((await run("rpm", ["--dbpath", db, "-K", path])).stdout).toBe(`${path}: digests signatures OK\n`);
    expect((await run("rpm", ["-qp", "--qf", "%{DSAHEADER:pgpsig}", path])).stdout).toMatch(
      /^EdDSA\/SHA256, /,
    );
  });

  it("signed with an RSA key: the signature goes where rpm keeps RSA ones and verifies", async () => {
    const home = join(work, "rsa-gnupg");
    await exec("mkdir", ["-m", "700", home]);
    const env = { ...process.env, GNUPGHOME: home };
    await exec(
      "gpg",
      [
        "--batch",
        "--passphrase",
        "",
        "--quick-gen-key",
        "RSA Bot <rsa@example.com>",
        "rsa2048",
        "sign",
        "never",
      ],
      { env },
    );
    const secret = (await exec("gpg", ["--batch", "--armor", "--export-secret-keys"], { env })).stdout;
    const publicKey = join(work, "rsa.pub.asc");
    await writeFile(publicKey, (await exec("gpg", ["--armor", "--export"], { env })).stdout);
    await exec("gpgconf", ["--homedir", home, "--kill", "gpg-agent"], { env, reject: false });
    const p = input();
    const bytes = await withPackageSigner(
      { keyEnv: "RSA_KEY" },
      { ...process.env, RSA_KEY: secret },
      async (s) => rpmBytes(p, (h) => s!.signRpmHeader(h)),
    );
    const path = await save(p, bytes, "rsa");
    const tags = (await run("rpm", ["-qp", "--qf", "%{RSAHEADER:pgpsig}|%{DSAHEADER:pgpsig}", path])).stdout;
    expect(tags).toMatch(/^RSA\/SHA\d+, .*\|\(none\)$/);
    const db = await keyring("rsa-db", publicKey);
    expect((await run("rpm", ["--dbpath", db, "-K", path])).stdout).toBe(`${path}: digests signatures OK\n`);
  }, 60_000);
});
