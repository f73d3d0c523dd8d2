import { mkdtemp, readdir, readFile, rm, stat, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateNotes, prepare, verifyConditions } from "../../src/binaries/index.js";
import { setVersion } from "../../src/cargo/set-version.js";
import type { DistManifest } from "../../src/manifest/dist-manifest.js";
import { exec } from "../../src/util/exec.js";
import { errorCodes, rejection, testContext } from "../helpers/context.js";
import {
  ARM64,
  debianCrossEnv,
  hasDebianCross,
  runArm64,
  fileTargetDir,
  HOST,
} from "../helpers/cross-toolchain.js";
import { copyExamples, gitCommit, gitRepo, removeRepo, type TestRepo } from "../helpers/git-utils.js";
import { listTar } from "../helpers/archive-fixtures.js";
import { captureStream } from "../helpers/run-release.js";

const targetDir = fileTargetDir("binaries-build");

const VERSION = "0.2.0";
const release = { version: VERSION, gitTag: `v${VERSION}` };
const config = { targets: [HOST, ARM64] };

let repo: TestRepo;
let env: NodeJS.ProcessEnv;
const temps: string[] = [];

beforeAll(async () => {
  repo = await gitRepo();
  await copyExamples(repo.cwd);
  env = debianCrossEnv({ ...process.env, CARGO_TARGET_DIR: targetDir });
  await gitCommit(repo.cwd, "feat: initial import");
  await setVersion({ cwd: repo.cwd, env, manifestPath: "Cargo.toml", version: VERSION });
});
afterAll(async () => {
  await removeRepo(repo);
  await Promise.all(temps.map((d) => rm(d, { recursive: true, force: true })));
});

const readJson = async (path: string) => JSON.parse(await readFile(path, "utf8")) as DistManifest;
const archiveOf = (m: DistManifest, target: string) =>
  m.artifacts.find((a) => a.kind === "archive" && a.target === target);

describe.runIf(hasDebianCross())(
  "binaries plugin on examples/ (host + aarch64 with Debian's toolchain)",
  () => {
    it("lists the expected archives in the notes before anything is built", async () => {
      const ctx = testContext(repo.cwd, {
        env,
        nextRelease: release,
        options: { repositoryUrl: "https://github.com/example/rgreet.git" },
      });
      const notes = await generateNotes(config, ctx);
      expect(notes).toContain("## Install");
      expect(notes).toContain(
        `curl -LO https://github.com/example/rgreet/releases/download/v${VERSION}/rgreet-v${VERSION}-${HOST}.tar.gz`,
      );
      expect(notes).toContain(`sha256sum -c rgreet-v${VERSION}-${HOST}.tar.gz.sha256`);
      expect(notes).toContain(`| \`rgreet-v${VERSION}-${ARM64}.tar.gz\` | \`${ARM64}\` | — | — |`);
      expect(notes).toMatch(
        /<!-- semantic-release-rust:artifacts -->[\s\S]*<!-- \/semantic-release-rust:artifacts -->/,
      );
    });

    it("verifies, builds both targets in one cargo run, smoke-tests and packages them", async () => {
      const stdout = captureStream();
      const ctx = testContext(repo.cwd, { env, nextRelease: release, stdout });
      await verifyConditions(config, ctx);
      expect(ctx.lines).toContain(
        `Target ${ARM64}: builder cargo (std installed and linker aarch64-linux-gnu-gcc configured)`,
      );
      expect(ctx.lines).toContain(`Target ${HOST}: builder cargo (host target)`);

      await prepare(config, ctx);
      const invocations = ctx.lines.filter((l) => l.startsWith("Building ") && l.includes(" with cargo: "));
      expect(invocations).toHaveLength(1);
      expect(invocations[0]).toContain(`build --locked --release --target=${HOST} --target=${ARM64}`);
      // cargo's own output went to the context's stdout, not to the logger.
      expect(stdout.text()).toMatch(/Finished `release` profile/);
      expect(ctx.lines.join("\n")).not.toContain("Finished `release` profile");
      expect(ctx.lines.filter((l) => /^\[\d\/2\] \S+ built in \d+ s$/.test(l))).toHaveLength(2);
      expect(ctx.lines).toContain(`Smoke test of rgreet (${HOST}) printed ${VERSION}`);

      const dist = join(repo.cwd, "dist");
      const manifest = await readJson(join(dist, "manifest.json"));
      expect(manifest.version).toBe(VERSION);
      expect(manifest.gitHead).toBe(
        (await exec("git", ["rev-parse", "HEAD"], { cwd: repo.cwd })).stdout.trim(),
      );
      expect(manifest.artifacts.map((a) => `${a.kind} ${a.path}`).sort()).toEqual(
        [
          `archive rgreet-v${VERSION}-${HOST}.tar.gz`,
          `archive rgreet-v${VERSION}-${ARM64}.tar.gz`,
          `checksum rgreet-v${VERSION}-${HOST}.tar.gz.sha256`,
          `checksum rgreet-v${VERSION}-${ARM64}.tar.gz.sha256`,
          `sbom rgreet-v${VERSION}-${HOST}.tar.gz.cdx.json`,
          `sbom rgreet-v${VERSION}-${ARM64}.tar.gz.cdx.json`,
          `binary bin/${HOST}/rgreet`,
          `binary bin/${ARM64}/rgreet`,
          "checksums SHA256SUMS",
        ].sort(),
      );
      // Users verify with GNU coreutils, in the download folder.
      for (const file of ["SHA256SUMS", `rgreet-v${VERSION}-${ARM64}.tar.gz.sha256`]) {
        const check = await exec("sha256sum", ["-c", file], { cwd: dist });
        expect(check.stdout).toContain(`rgreet-v${VERSION}-${ARM64}.tar.gz: OK`);
      }
      // Extract with GNU tar and run what is inside.
      const out = await mkdtemp(join(tmpdir(), "srr-extract-"));
      temps.push(out);
      for (const target of [HOST, ARM64]) {
        const list = await exec("tar", ["-tzf", join(dist, `rgreet-v${VERSION}-${target}.tar.gz`)]);
        expect(list.stdout.split("\n")).toContain(`rgreet-v${VERSION}-${target}/bin/rgreet`);
        await exec("tar", ["-xzf", join(dist, `rgreet-v${VERSION}-${target}.tar.gz`)], { cwd: out });
      }
      const host = await exec(join(out, `rgreet-v${VERSION}-${HOST}`, "bin", "rgreet"), ["--version"]);
      expect(host.stdout).toContain(`rgreet ${VERSION}`);
      expect(host.stdout).toContain(`commit: ${manifest.gitHead}`);
      // BUILD_TIMESTAMP and SOURCE_DATE_EPOCH are the release commit's time: embedded, and every entry's mtime.
      const epoch = Number(
        (await exec("git", ["log", "-1", "--format=%ct"], { cwd: repo.cwd })).stdout.trim(),
      );
      const iso = new Date(epoch * 1000).toISOString();
      expect(host.stdout).toContain(`built: ${iso.replace(/\.\d{3}Z$/, "Z")}`);
      const entries = await listTar(join(dist, `rgreet-v${VERSION}-${ARM64}.tar.gz`));
      expect(new Set(entries.map((e) => e.time))).toEqual(new Set([iso.slice(0, 19).replace("T", " ")]));
      // Owner 0/0 with no user or group names (GNU tar shows names when there are some), fixed modes.
      expect(new Set(entries.map((e) => e.owner))).toEqual(new Set(["0/0"]));
      const modes = new Set(entries.map((e) => `${e.mode[0]}${e.mode === "lrwxrwxrwx" ? "" : ` ${e.mode}`}`));
      expect(modes).toEqual(new Set(["d drwxr-xr-x", "- -rwxr-xr-x", "- -rw-r--r--", "l"]));
      const mode = (p: string) => entries.find((e) => e.name === `rgreet-v${VERSION}-${ARM64}/${p}`)?.mode;
      expect([mode("bin/rgreet"), mode("demo/run-demo.sh"), mode("README.md")]).toEqual([
        "-rwxr-xr-x",
        "-rwxr-xr-x",
        "-rw-r--r--",
      ]);
      const arm = await runArm64(join(out, `rgreet-v${VERSION}-${ARM64}`, "bin", "rgreet"), ["--version"]);
      expect(arm.code).toBe(0);
      expect(arm.stdout).toContain(`rgreet ${VERSION}`);
      const file = await exec("file", ["-b", join(dist, "bin", ARM64, "rgreet")]);
      expect(file.stdout).toContain("ARM aarch64");

      // After prepare the notes carry the real sizes and checksums.
      const notes = await generateNotes(config, testContext(repo.cwd, { env, nextRelease: release }));
      expect(notes).toContain(`| \`rgreet-v${VERSION}-${ARM64}.tar.gz\` | \`${ARM64}\` |`);
      expect(notes).toContain(`\`${archiveOf(manifest, ARM64)?.sha256}\``);
      expect(notes).not.toContain("| — | — |");
    });

    it("gives byte-identical archives from an independent build in another target dir", async () => {
      const first = await readJson(join(repo.cwd, "dist", "manifest.json"));
      const otherTarget = await mkdtemp(join(tmpdir(), "srr-target-b-"));
      temps.push(otherTarget);
      const ctx = testContext(repo.cwd, {
        env: { ...env, CARGO_TARGET_DIR: otherTarget },
        nextRelease: release,
      });
      await prepare({ ...config, distDir: "dist-b" }, ctx);
      const second = await readJson(join(repo.cwd, "dist-b", "manifest.json"));
      for (const target of [HOST, ARM64]) {
        const a = await readFile(join(repo.cwd, "dist", archiveOf(first, target)?.path ?? "?"));
        const b = await readFile(join(repo.cwd, "dist-b", archiveOf(second, target)?.path ?? "?"));
        expect(b.equals(a)).toBe(true);
      }
      expect(second.artifacts).toEqual(first.artifacts);
    });

    it("gives byte-identical archives from a clone of the same commit at another path", async () => {
      const first = await readJson(join(repo.cwd, "dist", "manifest.json"));
      const clone = await mkdtemp(join(tmpdir(), "srr-clone-"));
      const otherTarget = await mkdtemp(join(tmpdir(), "srr-target-c-"));
      temps.push(clone, otherTarget);
      await exec("git", ["clone", "-q", repo.cwd, join(clone, "work")]);
      const cwd = join(clone, "work");
      await setVersion({ cwd, env, manifestPath: "Cargo.toml", version: VERSION });
      const ctx = testContext(cwd, { env: { ...env, CARGO_TARGET_DIR: otherTarget }, nextRelease: release });
      await prepare(config, ctx);
      const second = await readJson(join(cwd, "dist", "manifest.json"));
      expect(second.gitHead).toBe(first.gitHead);
      for (const target of [HOST, ARM64]) {
        const file = archiveOf(first, target)?.path ?? "?";
        await exec("cmp", [join(repo.cwd, "dist", file), join(cwd, "dist", file)]);
      }
      expect(second.artifacts).toEqual(first.artifacts);
    });

    it("applies archiveFormat, archiveName, compressionLevel, include mappings and smoke-test args, or no smoke test", async () => {
      const name = `rgreet_${VERSION}_${HOST}`;
      const options = (over: Record<string, unknown>) => ({
        targets: [HOST],
        archiveFormat: "tar.zst",
        archiveName: "{name}_{version}_{target}",
        include: ["configs/greeting.conf -> etc/"],
        ...over,
      });
      const ctx = testContext(repo.cwd, { env, nextRelease: release });
      await prepare(options({ compressionLevel: 19, smokeTest: { args: ["-V"] }, distDir: "dist-zst" }), ctx);
      expect(ctx.lines).toContain(`Smoke test of rgreet (${HOST}) printed ${VERSION}`);
      const dist = join(repo.cwd, "dist-zst");
      expect((await readdir(dist)).sort()).toEqual(
        // timings.json: how long each step took, for the job summary.
        [
          "SHA256SUMS",
          "bin",
          `${name}.tar.zst`,
          `${name}.tar.zst.sha256`,
          `${name}.tar.zst.cdx.json`,
          "manifest.json",
          "timings.json",
        ].sort(),
      );
      await exec("zstd", ["-t", join(dist, `${name}.tar.zst`)]);
      expect((await exec("sha256sum", ["-c", "SHA256SUMS"], { cwd: dist })).stdout).toBe(
        `${name}.tar.zst: OK\n`,
      );
      const names = (await listTar(join(dist, `${name}.tar.zst`), ["--zstd"])).map((e) => e.name);
      expect(names).toEqual(expect.arrayContaining([`${name}/bin/rgreet`, `${name}/etc/greeting.conf`]));
      // "from -> to" moves the file: the default configs/ include does not package it a second time.
      expect(names).not.toContain(`${name}/configs/greeting.conf`);

      // smokeTest: false runs nothing, even with arguments that would fail; level 1 compresses less than 19.
      const off = testContext(repo.cwd, { env, nextRelease: release });
      await prepare(options({ compressionLevel: 1, smokeTest: false, distDir: "dist-zst-1" }), off);
      expect(off.lines.filter((l) => l.startsWith("Smoke test"))).toEqual([]);
      const fast = await stat(join(repo.cwd, "dist-zst-1", `${name}.tar.zst`));
      expect(fast.size).toBeGreaterThan((await stat(join(dist, `${name}.tar.zst`))).size);
    });

    it("builds a target's own profile with --profile and packages that profile's output", async () => {
      const ctx = testContext(repo.cwd, { env, nextRelease: release });
      await prepare({ targets: [{ target: HOST, profile: "dev" }], distDir: "dist-dev" }, ctx);
      const invocation = ctx.lines.find((l) => l.startsWith("Building ") && l.includes(" with cargo: "));
      expect(invocation).toContain(`build --locked --profile=dev --target=${HOST}`);
      expect(ctx.lines).toContain(`Smoke test of rgreet (${HOST}) printed ${VERSION}`);
      // The dev build (with debug info) is what was staged and packaged, not the release build.
      const staged = join(repo.cwd, "dist-dev", "bin", HOST, "rgreet");
      await exec("cmp", [staged, join(targetDir, HOST, "debug", "rgreet")]);
      expect((await exec("file", ["-b", staged])).stdout).toContain("with debug_info");
      expect((await exec("file", ["-b", join(targetDir, HOST, "release", "rgreet")])).stdout).not.toContain(
        "with debug_info",
      );
    });

    it("fails with EINCLUDENOMATCH for an include pattern that matches nothing, writing no manifest", async () => {
      const error = await rejection(
        prepare(
          { targets: [HOST], include: ["docs/**/*.md"], distDir: "dist-include" },
          testContext(repo.cwd, { env, nextRelease: release }),
        ),
      );
      expect(errorCodes(error)).toEqual(["EINCLUDENOMATCH"]);
      expect((error as { details: string }).details).toContain(repo.cwd);
      expect((error as { message: string }).message).toContain("docs/**/*.md");
      await expect(readFile(join(repo.cwd, "dist-include", "manifest.json"))).rejects.toThrow();
    });

    it("reports every missing builder, std and unknown triple at once, writing nothing", async () => {
      const cwd = repo.cwd;
      const targets = [
        HOST,
        { target: ARM64, builder: "cross" },
        "sparc64-unknown-nowhere",
        "x86_64-pc-windows-msvc",
      ];
      const error = await rejection(
        verifyConditions({ targets, distDir: "dist-verify" }, testContext(cwd, { env })),
      );
      expect(error).toBeInstanceOf(AggregateError);
      expect(errorCodes(error).sort()).toEqual(["ENOAUTOBUILDER", "ENOBUILDER", "EUNKNOWNTARGET"]);
      const details = (error as AggregateError).errors.map((e: { details: string }) => e.details).join("\n");
      expect(details).toContain("cargo install cross");
      expect(details).toContain("cargo install cargo-xwin");
      // With rustup's toolchain (no RUSTC), the arm64 std is missing and rustup is the fix.
      const rustupEnv = { ...process.env, CARGO_TARGET_DIR: targetDir };
      const noStd = await rejection(
        verifyConditions(
          { targets: [{ target: ARM64, builder: "cargo" }] },
          testContext(cwd, { env: rustupEnv }),
        ),
      );
      expect(errorCodes(noStd)).toEqual(["ENOTARGETSTD"]);
      expect((noStd as { details: string }).details).toContain(`rustup target add ${ARM64}`);
      await expect(readFile(join(cwd, "dist-verify", "manifest.json"))).rejects.toThrow();
    });

    it("refuses to build before the Cargo version is bumped and fails a smoke test that does not print the version", async () => {
      const early = await rejection(
        prepare(config, testContext(repo.cwd, { env, nextRelease: { version: "0.3.0", gitTag: "v0.3.0" } })),
      );
      expect(errorCodes(early)).toEqual(["EVERSIONNOTPREPARED"]);
      expect((early as { details: string }).details).toContain("before");
      const smoke = await rejection(
        prepare(
          { targets: [HOST], smokeTest: { args: ["--help"] }, distDir: "dist-smoke" },
          testContext(repo.cwd, { env, nextRelease: release }),
        ),
      );
      expect(errorCodes(smoke)).toEqual(["ESMOKETEST"]);
    });

    it("fails with EMISSINGBINARY naming the path when a binary is not built", async () => {
      const manifest = join(repo.cwd, "crates", "rgreet", "Cargo.toml");
      const original = await readFile(manifest, "utf8");
      await mkdir(join(repo.cwd, "crates", "rgreet", "src", "bin"), { recursive: true });
      await writeFile(join(repo.cwd, "crates", "rgreet", "src", "bin", "rgreet-extra.rs"), "fn main() {}\n");
      await writeFile(
        manifest,
        `${original}\n[features]\nextra = []\n\n[[bin]]\nname = "rgreet"\npath = "src/main.rs"\n\n[[bin]]\nname = "rgreet-extra"\nrequired-features = ["extra"]\n`,
      );
      try {
        const error = await rejection(
          prepare(
            { targets: [HOST], distDir: "dist-missing" },
            testContext(repo.cwd, { env, nextRelease: release }),
          ),
        );
        expect(errorCodes(error)).toEqual(["EMISSINGBINARY"]);
        expect((error as { details: string }).details).toContain(
          join(targetDir, HOST, "release", "rgreet-extra"),
        );
      } finally {
        await writeFile(manifest, original);
        await rm(join(repo.cwd, "crates", "rgreet", "src", "bin"), { recursive: true, force: true });
      }
    });

    it("fails with EBUILDFAILED and cargo's last lines when the code does not compile", async () => {
      const main = join(repo.cwd, "crates", "rgreet", "src", "main.rs");
      const original = await readFile(main, "utf8");
      await writeFile(main, `${original}\nfn broken() -> u32 { "not a number" }\n`);
      try {
        const ctx = testContext(repo.cwd, { env, nextRelease: release });
        const error = await rejection(prepare({ targets: [HOST], distDir: "dist-broken" }, ctx));
        expect(errorCodes(error)).toEqual(["EBUILDFAILED"]);
        expect((error as { details: string }).details).toContain("mismatched types");
      } finally {
        await writeFile(main, original);
      }
    });
  },
);
