import { createHash } from "node:crypto";
import { copyFile, mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepare } from "../../src/installers/index.js";
import { installerNoteLines } from "../../src/installers/notes.js";
import { debVersion } from "../../src/installers/linux-package.js";
import { plannedPackages } from "../../src/installers/linux-packages.js";
import { previewInstallers } from "../../src/installers/verify-release.js";
import { fileRequirement } from "../../src/binaries/system-requirements.js";
import { readManifest, writeManifest, type Artifact } from "../../src/manifest/dist-manifest.js";
import { exec } from "../../src/util/exec.js";
import { sharedTargetDir } from "../helpers/cargo-env.js";
import { testContext } from "../helpers/context.js";
import { HOST } from "../helpers/cross-toolchain.js";
import { initExamplesRepo, removeRepo, type TestRepo } from "../helpers/git-utils.js";
import { makeSignKeys, type SignKeys } from "../helpers/sign-keys.js";
import { stageStaticBinaries, staticTargetDir } from "../helpers/static-binaries.js";

const PUBLIC = "https://github.com/acme/rgreet.git";
const ARM = "aarch64-unknown-linux-gnu";
const MUSL = "x86_64-unknown-linux-musl";
const VERSION = "0.1.0";

let repo: TestRepo;
let work: string;
let keys: SignKeys;
const hash = async (p: string) =>
  createHash("sha256")
    .update(await readFile(p))
    .digest("hex");
const run = (cmd: string, args: string[]) =>
  exec(cmd, args, { reject: false, env: { ...process.env, LC_ALL: "C" } });

/** A binary artifact at `bin/{target}/rgreet` of `distDir`, copied from `from`, as the binaries plugin stages it. */
async function stage(distDir: string, target: string, from: string): Promise<Artifact[]> {
  const rel = `bin/${target}/rgreet`;
  await mkdir(join(distDir, "bin", target), { recursive: true });
  await copyFile(from, join(distDir, rel));
  const requires = await fileRequirement(from);
  const size = (await stat(from)).size;
  const sha256 = await hash(from);
  return [
    { path: rel, kind: "binary", target, binary: "rgreet", size, sha256, ...(requires ? { requires } : {}) },
    { path: `rgreet-v${VERSION}-${target}.tar.gz`, kind: "archive", target, size: 1, sha256: "0".repeat(64) },
  ];
}

/** Runs the installers' prepare on a dist folder holding the binaries of `targets` (target → built file). */
async function prepareDist(
  name: string,
  targets: Record<string, string>,
  extra: Record<string, unknown> = {},
  env = {},
  recorded: { gitHead?: string; sourceDateEpoch?: number } = {},
) {
  const distDir = join(work, name);
  const artifacts = (await Promise.all(Object.entries(targets).map(([t, f]) => stage(distDir, t, f)))).flat();
  await writeManifest(distDir, { schemaVersion: 1, version: VERSION, ...recorded, artifacts });
  const config = {
    installers: ["shell"],
    distDir,
    linuxPackages: { maintainer: "Release Bot <release@example.com>", ...extra },
  };
  const binaries = ["semantic-release-rust/binaries", { sign: keys.sign }];
  const ctx = testContext(repo.cwd, {
    env: { ...process.env, ...keys.env, ...env },
    options: { repositoryUrl: PUBLIC, plugins: [binaries, ["semantic-release-rust/installers", config]] },
    nextRelease: {
      version: VERSION,
      gitTag: `v${VERSION}`,
      name: `v${VERSION}`,
      notes: "## 0.1.0\n\n* first\n",
    },
  });
  await prepare(config, ctx);
  return { distDir, ctx, config, manifest: await readManifest(distDir) };
}

let host: string;
let statics: { x86_64: string; aarch64: string };
let main: Awaited<ReturnType<typeof prepareDist>>;

beforeAll(async () => {
  repo = await initExamplesRepo({ publicUrl: PUBLIC });
  work = await mkdtemp(join(tmpdir(), "srr-debrpm-"));
  keys = await makeSignKeys({ minisignPassword: false });
  const env = { ...process.env, CARGO_TARGET_DIR: sharedTargetDir };
  await exec("cargo", ["build", "--release", "-p", "rgreet"], { cwd: repo.cwd, env });
  host = join(sharedTargetDir, "release", "rgreet");
  await stageStaticBinaries({ workspace: repo.cwd, distDir: join(work, "static"), version: VERSION });
  statics = {
    x86_64: join(staticTargetDir, HOST, "release", "rgreet"),
    aarch64: join(staticTargetDir, ARM, "release", "rgreet"),
  };
  await mkdir(join(repo.cwd, "man"), { recursive: true });
  await writeFile(join(repo.cwd, "man", "rgreet.1"), ".TH RGREET 1\n.SH NAME\nrgreet \\- print a greeting\n");
  await writeFile(join(repo.cwd, "rgreet.bash"), "complete -W '--version --help' rgreet\n");
  main = await prepareDist(
    "dist",
    { [HOST]: host, [ARM]: statics.aarch64 },
    { manPages: ["man/*.1"], completions: { bash: "rgreet.bash" } },
  );
}, 600_000);
afterAll(async () => {
  await removeRepo(repo);
  await rm(work, { recursive: true, force: true });
  await keys.cleanup();
});

const deb = (arch = "amd64") => join(main.distDir, `rgreet_${VERSION}_${arch}.deb`);
const rpm = (arch = "x86_64") => join(main.distDir, `rgreet-${VERSION}-1.${arch}.rpm`);

describe("linuxPackages: .deb and .rpm for every Linux target", () => {
  it("lists the packages, their .sha256 and signatures in the manifest, and says so in the notes", async () => {
    const listed = (main.manifest?.artifacts ?? []).filter(
      (a) => a.path.includes(".deb") || a.path.includes(".rpm"),
    );
    expect(listed.map((a) => `${a.kind} ${a.path}`)).toEqual(
      [
        "package rgreet_0.1.0_amd64.deb",
        "signature rgreet_0.1.0_amd64.deb.asc",
        "checksum rgreet_0.1.0_amd64.deb.sha256",
        "package rgreet_0.1.0_arm64.deb",
        "signature rgreet_0.1.0_arm64.deb.asc",
        "checksum rgreet_0.1.0_arm64.deb.sha256",
        "package rgreet-0.1.0-1.aarch64.rpm",
        "checksum rgreet-0.1.0-1.aarch64.rpm.sha256",
        "package rgreet-0.1.0-1.x86_64.rpm",
        "checksum rgreet-0.1.0-1.x86_64.rpm.sha256",
      ].sort((a, b) => a.split(" ")[1]!.localeCompare(b.split(" ")[1]!)),
    );
    expect(listed.find((a) => a.path.endsWith("amd64.deb"))).toMatchObject({ target: HOST, format: "deb" });
    const check = await exec("sha256sum", ["-c", "rgreet_0.1.0_amd64.deb.sha256"], {
      cwd: main.distDir,
      reject: false,
    });
    expect(check.stdout).toBe("rgreet_0.1.0_amd64.deb: OK\n");
    const lines = await installerNoteLines(main.ctx);
    expect(lines).toContain(
      `- Debian, Ubuntu (amd64; also for arm64): \`curl -fsSLO https://github.com/acme/rgreet/releases/download/v0.1.0/rgreet_0.1.0_amd64.deb && sudo apt install ./rgreet_0.1.0_amd64.deb\``,
    );
    expect(
      lines.some((l) =>
        l.startsWith("- Fedora, RHEL (x86_64; also for aarch64): `sudo dnf install https://"),
      ),
    ).toBe(true);
  });

  it("dpkg-deb -I shows the control fields; the gnu build depends on its glibc", async () => {
    const info = (await run("dpkg-deb", ["-I", deb()])).stdout;
    expect(info).toMatch(/Package: rgreet\n/);
    expect(info).toMatch(/Version: 0\.1\.0\n/);
    expect(info).toMatch(/Architecture: amd64\n/);
    expect(info).toMatch(/Maintainer: Release Bot <release@example.com>\n/);
    expect(info).toMatch(/Depends: libc6 \(>= 2\.\d+\)\n/);
    expect(info).toMatch(/Installed-Size: \d+\n/);
    expect(info).toMatch(/Homepage: https:\/\/github.com\/example\/rgreet\n/);
    expect(info).toMatch(/Description: Prints a greeting\n\s+Prints a greeting. The example binary/);
    // the static aarch64 build needs no libc package
    const arm = (await run("dpkg-deb", ["-I", deb("arm64")])).stdout;
    expect(arm).toMatch(/Architecture: arm64\n/);
    expect(arm).not.toMatch(/Depends:/);
  });

  it("dpkg-deb -c lists root-owned files (uid/gid 0) with their modes, folders included", async () => {
    const list = (await run("dpkg-deb", ["-c", deb()])).stdout.trim().split("\n");
    const rows = list.map((l) => l.split(/\s+/)).map((f) => `${f[0]} ${f[1]} ${f.at(-1)}`);
    expect(rows).toContain("drwxr-xr-x 0/0 ./");
    expect(rows).toContain("drwxr-xr-x 0/0 ./usr/bin/");
    expect(rows).toContain("-rwxr-xr-x 0/0 ./usr/bin/rgreet");
    expect(rows).toContain("-rw-r--r-- 0/0 ./usr/share/doc/rgreet/copyright");
    expect(rows).toContain("-rw-r--r-- 0/0 ./usr/share/doc/rgreet/changelog.gz");
    expect(rows).toContain("-rw-r--r-- 0/0 ./usr/share/man/man1/rgreet.1.gz");
    expect(rows).toContain("-rw-r--r-- 0/0 ./usr/share/bash-completion/completions/rgreet");
  });

  it("dates every entry with the archives' time the binaries plugin recorded (sourceDateEpoch), else the commit's", async () => {
    /** The distinct mtimes of the .deb's data entries, read by dpkg-deb and Python's tarfile. */
    const times = async (file: string) => {
      const py =
        "import sys,tarfile; print(sorted({m.mtime for m in tarfile.open(fileobj=sys.stdin.buffer, mode='r|')}))";
      return (
        await run("sh", ["-c", `dpkg-deb --fsys-tarfile "$0" | python3 -c "$1"`, file, py])
      ).stdout.trim();
    };
    const commitTime = (await run("git", ["-C", repo.cwd, "log", "-1", "--format=%ct"])).stdout.trim();
    expect(await times(deb())).toBe(`[${commitTime}]`);
    const recorded = await prepareDist(
      "dist-epoch",
      { [HOST]: host },
      {},
      {},
      {
        gitHead: "0".repeat(40),
        sourceDateEpoch: 1_600_000_000,
      },
    );
    expect(await times(join(recorded.distDir, `rgreet_${VERSION}_amd64.deb`))).toBe("[1600000000]");
  });

  it("lintian finds no errors", async () => {
    const r = await run("lintian", ["--no-tag-display-limit", "--allow-root", deb()]);
    const errors = r.stdout.split("\n").filter((l) => /^E: /.test(l));
    expect(errors, r.stdout).toEqual([]);
  }, 120_000);

  it("extracted with dpkg-deb -x, the binary runs and prints the version", async () => {
    const root = join(work, "root");
    expect((await run("dpkg-deb", ["-x", deb(), root])).code).toBe(0);
    const r = await run(join(root, "usr", "bin", "rgreet"), ["--version"]);
    expect(r.stdout).toContain(VERSION);
    const changelog = await run("sh", ["-c", `gzip -dc ${join(root, "usr/share/doc/rgreet/changelog.gz")}`]);
    expect(changelog.stdout).toMatch(
      /^rgreet \(0\.1\.0\) unstable; urgency=medium\n\n  ## 0\.1\.0\n\n  \* first\n\n -- Release Bot <release@example\.com>  \w{3}, \d\d \w{3} \d{4} [\d:]{8} \+0000\n$/,
    );
  });

  it("rpm -qip, -qlp and -K: fields, files, requires, a good signature with the key in a temp rpmdb", async () => {
    const info = (await run("rpm", ["-qip", rpm()])).stdout;
    expect(info).toMatch(/Name\s+: rgreet/);
    expect(info).toMatch(/Version\s+: 0\.1\.0/);
    expect(info).toMatch(/Architecture: x86_64/);
    expect(info).toMatch(/License\s+: MIT/);
    expect(info).toMatch(/Build Host\s*: reproducible/);
    expect(info).toMatch(/Signature\s+: EdDSA|Signature\s+: \w+\/SHA\d+/);
    const files = (await run("rpm", ["-qlp", rpm()])).stdout.trim().split("\n");
    expect(files).toEqual(
      expect.arrayContaining([
        "/usr/bin/rgreet",
        "/usr/share/doc/rgreet/copyright",
        "/usr/share/man/man1/rgreet.1.gz",
        "/usr/share/bash-completion/completions/rgreet",
      ]),
    );
    expect((await run("rpm", ["-qp", "--requires", rpm()])).stdout).toMatch(/^glibc >= 2\.\d+$/m);
    expect((await run("rpm", ["-qp", "--qf", "%{ARCH}", rpm("aarch64")])).stdout).toBe("aarch64");
    const db = join(work, "rpmdb");
    await mkdir(db, { recursive: true });
    expect((await run("rpm", ["--dbpath", db, "-K", rpm()])).stdout).toMatch(/digests SIGNATURES NOT OK/);
    expect((await run("rpm", ["--dbpath", db, "--import", keys.gpgPublicKey])).code).toBe(0);
    const k = await run("rpm", ["--dbpath", db, "-K", rpm()]);
    expect(k.stdout, k.stderr).toMatch(/digests signatures OK/);
    const v = await run("gpg", [
      "--no-default-keyring",
      "--keyring",
      join(work, "k.kbx"),
      "--import",
      keys.gpgPublicKey,
    ]);
    expect(v.code).toBe(0);
    const asc = await run("gpg", [
      "--no-default-keyring",
      "--keyring",
      join(work, "k.kbx"),
      "--verify",
      `${deb()}.asc`,
      deb(),
    ]);
    expect(asc.stderr).toMatch(/Good signature/);
  });

  it("installed with rpm --root, the binary runs and prints the version; rpm -V finds nothing changed", async () => {
    const db = ["--root", join(work, "rpm-root"), "--dbpath", "/rpmdb"];
    const i = await run("rpm", [...db, "-i", "--nodeps", rpm()]);
    expect(i.code, i.stderr).toBe(0);
    expect((await run(join(work, "rpm-root", "usr", "bin", "rgreet"), ["--version"])).stdout).toContain(
      VERSION,
    );
    const dump = (await run("rpm", [...db, "-q", "--dump", "rgreet"])).stdout;
    expect(dump).toContain(`/usr/bin/rgreet ${(await stat(host)).size} `);
    expect(dump).toMatch(new RegExp(` ${await hash(host)} 0100755 root root 0 0 0 X\n`));
    const verify = await run("rpm", [...db, "-V", "--nodeps", "rgreet"]);
    expect([verify.code, verify.stdout]).toEqual([0, ""]);
  });

  it("a musl (static, prebuilt) target has no Depends/Requires; unsigned packages are reproducible bytes", async () => {
    const a = await prepareDist("musl-a", { [MUSL]: statics.x86_64 }, {}, { [keys.sign.gpg.keyEnv]: "" });
    const b = await prepareDist("musl-b", { [MUSL]: statics.x86_64 }, {}, { [keys.sign.gpg.keyEnv]: "" });
    const debA = join(a.distDir, `rgreet_${VERSION}_amd64.deb`);
    const rpmA = join(a.distDir, `rgreet-${VERSION}-1.x86_64.rpm`);
    expect((await run("dpkg-deb", ["-I", debA])).stdout).not.toMatch(/Depends:/);
    expect((await run("rpm", ["-qp", "--requires", rpmA])).stdout).not.toMatch(/glibc/);
    expect(await hash(debA)).toBe(await hash(join(b.distDir, `rgreet_${VERSION}_amd64.deb`)));
    expect(await hash(rpmA)).toBe(await hash(join(b.distDir, `rgreet-${VERSION}-1.x86_64.rpm`)));
  }, 120_000);

  it("shows the packages in the plan and the preview", async () => {
    const lines = await previewInstallers(main.config, main.ctx, { version: VERSION, gitTag: `v${VERSION}` });
    expect(lines).toContain(`  rgreet_0.1.0_amd64.deb: ${HOST}`);
    expect(lines).toContain(`  rgreet-0.1.0-1.aarch64.rpm: ${ARM}`);
    expect(lines).toContain(
      "Would upload the .deb and .rpm packages with their .sha256, signed with the sign.gpg key (.rpm inside, .deb as .deb.asc): https://github.com/acme/rgreet/releases/download/v0.1.0/rgreet_0.1.0_amd64.deb",
    );
  });

  it("packages one build per architecture: the gnu one when there is also a musl one", () => {
    const plan = plannedPackages("rgreet", "1.0.0", [MUSL, HOST, "x86_64-pc-windows-msvc"], {
      formats: ["deb"],
    });
    expect(plan.packages.map((p) => `${p.file} ${p.target}`)).toEqual([`rgreet_1.0.0_amd64.deb ${HOST}`]);
    expect(plan.skipped).toEqual([MUSL]);
  });

  it("turns SemVer prereleases into versions that sort before the release", () => {
    expect(debVersion("1.2.3-beta.1")).toBe("1.2.3~beta.1");
    expect(debVersion("1.2.3")).toBe("1.2.3");
    expect(debVersion("2.0.0-rc-1+build.5")).toBe("2.0.0~rc.1+build.5");
  });
});
