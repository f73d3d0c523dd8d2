import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepare, verifyConditions } from "../../src/binaries/index.js";
import { setVersion } from "../../src/cargo/set-version.js";
import { errorCodes, rejection, testContext } from "../helpers/context.js";
import { ARM64, fileTargetDir, hasDebianCross, runArm64, HOST } from "../helpers/cross-toolchain.js";
import { copyExamples, gitCommit, gitRepo, removeRepo, type TestRepo } from "../helpers/git-utils.js";
import { run } from "../helpers/archive-fixtures.js";
import { builderStandIns, type BuilderStandIns } from "../stand-ins/binaries-builders.js";

const MSVC = "x86_64-pc-windows-msvc";
const VERSION = "0.2.0";
const release = { version: VERSION, gitTag: `v${VERSION}` };

let repo: TestRepo;
let builders: BuilderStandIns;
/** Debian's rustc (with the arm64 std) and NO linker configured for arm64: plain cargo cannot link it. */
let bare: NodeJS.ProcessEnv;
/** The same with the stand-ins of cross, cargo-zigbuild and cargo-xwin first on PATH. */
let withBuilders: NodeJS.ProcessEnv;

beforeAll(async () => {
  repo = await gitRepo();
  await copyExamples(repo.cwd);
  await gitCommit(repo.cwd, "feat: initial import");
  bare = {
    ...process.env,
    RUSTC: "/usr/bin/rustc",
    CARGO: "/usr/bin/cargo",
    CARGO_TARGET_DIR: fileTargetDir("binaries-builders"),
  };
  delete bare.CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER;
  builders = await builderStandIns("/usr/bin/cargo");
  withBuilders = { ...bare, PATH: `${builders.bin}:${bare.PATH ?? ""}` };
  await setVersion({ cwd: repo.cwd, env: bare, manifestPath: "Cargo.toml", version: VERSION });
});
afterAll(async () => {
  await removeRepo(repo);
  await builders.close();
});

describe.runIf(hasDebianCross())("builders other than cargo (stand-ins of cross and cargo-zigbuild)", () => {
  it("auto: without a linker or builder for arm64, verifyConditions names every way to get one", async () => {
    const error = await rejection(
      verifyConditions({ targets: [HOST, ARM64] }, testContext(repo.cwd, { env: bare })),
    );
    expect(errorCodes(error)).toEqual(["ENOAUTOBUILDER"]);
    const details = (error as { details: string }).details;
    expect(details).toContain("CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER");
    expect(details).toContain("cargo install cargo-zigbuild");
    expect(details).toContain("cargo install cross");
  });

  it("auto: picks the installed cargo-zigbuild for arm64, says why, and builds it through `cargo zigbuild`", async () => {
    const check = testContext(repo.cwd, { env: withBuilders });
    await verifyConditions({ targets: [HOST, ARM64] }, check);
    expect(check.lines).toContain(`Target ${HOST}: builder cargo (host target)`);
    expect(check.lines).toContain(
      `Target ${ARM64}: builder cargo-zigbuild (cargo-zigbuild is installed and builds linux targets)`,
    );

    const ctx = testContext(repo.cwd, { env: withBuilders, nextRelease: release });
    await prepare({ targets: [HOST, ARM64], distDir: "dist-zig" }, ctx);
    const invocations = ctx.lines.filter((l) => /^Building \S+ with /.test(l));
    expect(invocations).toEqual([
      `Building ${HOST} with cargo: /usr/bin/cargo build --locked --release --target=${HOST} --package=rgreet`,
      `Building ${ARM64} with cargo-zigbuild: /usr/bin/cargo zigbuild --locked --release --target=${ARM64} --package=rgreet`,
    ]);
    expect(await builders.calls()).toEqual([
      `cargo-zigbuild zigbuild --locked --release --target=${ARM64} --package=rgreet`,
    ]);
    await assertArm64Archive("dist-zig");
  });

  it("an explicit `cross` target runs `cross build` and packages what it left in the target dir", async () => {
    const before = (await builders.calls()).length;
    const ctx = testContext(repo.cwd, { env: withBuilders, nextRelease: release });
    await prepare({ targets: [{ target: ARM64, builder: "cross" }], distDir: "dist-cross" }, ctx);
    expect((await builders.calls()).slice(before)).toEqual([
      `cross build --locked --release --target=${ARM64} --package=rgreet`,
    ]);
    await assertArm64Archive("dist-cross");
  });

  it("an installed cargo-xwin still needs the MSVC std: verifyConditions says how to get it", async () => {
    const error = await rejection(
      verifyConditions(
        { targets: [{ target: MSVC, builder: "cargo-xwin" }] },
        testContext(repo.cwd, { env: withBuilders }),
      ),
    );
    expect(errorCodes(error)).toEqual(["ENOTARGETSTD"]);
    expect((error as { message: string }).message).toContain(MSVC);
    const missing = await rejection(
      verifyConditions(
        { targets: [{ target: MSVC, builder: "cargo-xwin" }] },
        testContext(repo.cwd, { env: bare }),
      ),
    );
    expect(errorCodes(missing)).toEqual(["ENOBUILDER"]);
    expect((missing as { details: string }).details).toContain("cargo install cargo-xwin");
  });
});

/** The arm64 archive of `dist` holds an aarch64 binary that prints the release version under qemu. */
async function assertArm64Archive(dist: string): Promise<void> {
  const out = await mkdtemp(join(tmpdir(), "srr-builder-out-"));
  try {
    await run("tar", ["-xzf", join(repo.cwd, dist, `rgreet-v${VERSION}-${ARM64}.tar.gz`)], { cwd: out });
    const binary = join(out, `rgreet-v${VERSION}-${ARM64}`, "bin", "rgreet");
    expect(await run("file", ["-b", binary])).toContain("ARM aarch64");
    const arm = await runArm64(binary, ["--version"]);
    expect(arm.stdout).toContain(`rgreet ${VERSION}\n`);
    const sums = await run("sha256sum", ["-c", "SHA256SUMS"], { cwd: join(repo.cwd, dist) });
    expect(sums).toContain(`rgreet-v${VERSION}-${ARM64}.tar.gz: OK`);
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}
