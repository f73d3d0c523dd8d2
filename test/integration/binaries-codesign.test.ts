import { createHash } from "node:crypto";
import { access, readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepare, verifyConditions } from "../../src/binaries/index.js";
import { previewBinaries } from "../../src/binaries/verify-release.js";
import { setVersion } from "../../src/cargo/set-version.js";
import type { DistManifest } from "../../src/manifest/dist-manifest.js";
import { exec } from "../../src/util/exec.js";
import { errorCodes, rejection, testContext } from "../helpers/context.js";
import { fileTargetDir, HOST } from "../helpers/cross-toolchain.js";
import { copyExamples, gitCommit, gitRepo, removeRepo, type TestRepo } from "../helpers/git-utils.js";
import { codesignStandIns, SIGNED_MARKER, type CodesignStandIns } from "../stand-ins/codesign-tools.js";

const VERSION = "0.2.0";
const release = { version: VERSION, gitTag: `v${VERSION}` };
const targetDir = fileTargetDir("binaries-codesign");
/** The keychain password the stand-in reads from its environment: it must never reach argv or an error. */
const SECRET = "kc-pass-7f3a9c1e";
const archive = `rgreet-v${VERSION}-${HOST}.tar.gz`;

/** macOS-style signing of the host's (linux) binaries, by the stand-in `codesign` on PATH. */
const config = (distDir: string) => ({
  distDir,
  codesign: {
    linux: { command: ["codesign", "--sign", "Developer ID Application: Example", "--force", "{binary}"] },
  },
});

let repo: TestRepo;
let tools: CodesignStandIns;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  repo = await gitRepo();
  await copyExamples(repo.cwd);
  await gitCommit(repo.cwd, "feat: initial import");
  tools = await codesignStandIns(VERSION);
  env = {
    ...process.env,
    CARGO_TARGET_DIR: targetDir,
    PATH: `${tools.bin}:${process.env.PATH ?? ""}`,
    CODESIGN_KEYCHAIN_PASSWORD: SECRET,
  };
  await setVersion({ cwd: repo.cwd, env, manifestPath: "Cargo.toml", version: VERSION });
});
afterAll(async () => {
  await removeRepo(repo);
  await tools.close();
});

const sha256 = async (path: string) =>
  createHash("sha256")
    .update(await readFile(path))
    .digest("hex");
const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

describe("code signing hook with a stand-in `codesign` on the host target (real cargo)", () => {
  it("verifyConditions refuses a signing program that is not on the PATH, and the plan names the signer", async () => {
    const missing = { ...env, PATH: process.env.PATH ?? "" };
    const error = await rejection(verifyConditions(config("dist"), testContext(repo.cwd, { env: missing })));
    expect(errorCodes(error)).toEqual(["ECODESIGNPROGRAM"]);
    expect((error as Error).message).toContain("`codesign`");

    await verifyConditions(config("dist"), testContext(repo.cwd, { env }));
    const lines = await previewBinaries(config("dist"), testContext(repo.cwd, { env }), VERSION);
    expect(lines).toContain(`  codesign: codesign for ${HOST}`);
  });

  it("signs the built binary before smoke test and packaging: archive, staged binary and hashes are the signed bytes", async () => {
    const ctx = testContext(repo.cwd, { env, nextRelease: release });
    await prepare(config("dist"), ctx);
    expect(ctx.lines).toContain(`Smoke test of rgreet (${HOST}) printed ${VERSION}`);
    expect(ctx.lines.some((l) => l.startsWith(`Signed rgreet (${HOST}) with codesign: `))).toBe(true);

    const dist = join(repo.cwd, "dist");
    const out = join(repo.cwd, "extract");
    await exec("mkdir", ["-p", out]);
    await exec("tar", ["-xzf", join(dist, archive)], { cwd: out });
    const packaged = await readFile(join(out, `rgreet-v${VERSION}-${HOST}`, "bin", "rgreet"));
    expect(packaged.subarray(-SIGNED_MARKER.length).toString()).toBe(SIGNED_MARKER);
    // cargo's own output is left unsigned: a re-run signs a fresh copy, never a signed binary again.
    const built = await readFile(join(targetDir, HOST, "release", "rgreet"));
    expect(built.subarray(-SIGNED_MARKER.length).toString()).not.toBe(SIGNED_MARKER);

    const manifest = JSON.parse(await readFile(join(dist, "manifest.json"), "utf8")) as DistManifest;
    const binary = manifest.artifacts.find((a) => a.kind === "binary")!;
    const staged = join(dist, binary.path);
    expect((await readFile(staged)).equals(packaged)).toBe(true);
    expect(binary.sha256).toBe(await sha256(staged));
    expect(binary.size).toBe(packaged.length);
    const sums = await readFile(join(dist, "SHA256SUMS"), "utf8");
    expect(sums).toContain(`${await sha256(join(dist, archive))}  ${archive}`);
    expect((await exec("sha256sum", ["-c", "SHA256SUMS"], { cwd: dist })).stdout).toContain(`${archive}: OK`);

    const calls = await tools.calls();
    expect(calls.at(-1)).toMatch(
      new RegExp(`^--sign Developer ID Application: Example --force \\S+/codesign/${HOST}/rgreet$`),
    );
    expect(calls.join("\n")).not.toContain(SECRET);
  });

  it("a failing signer stops the release before anything is written to dist, with its output redacted", async () => {
    const failing = { ...env, CODESIGN_STANDIN_FAIL: "1" };
    const ctx = testContext(repo.cwd, { env: failing, nextRelease: release });
    const error = await rejection(prepare(config("dist-failed"), ctx));
    expect(errorCodes(error)).toEqual(["ECODESIGNFAILED"]);
    const { message, details } = error as { message: string; details: string };
    expect(message).toContain("exited with 1");
    expect(details).toContain("errSecInternalComponent (keychain password [redacted] refused)");
    expect(`${message}${details}`).not.toContain(SECRET);
    // The tool's output reaches the log redacted too.
    const log = (ctx.stdout as unknown as { text(): string }).text();
    expect(log).toContain("keychain password [redacted] refused");
    expect(log).not.toContain(SECRET);
    expect(await exists(join(repo.cwd, "dist-failed"))).toBe(false);
  });

  it("a target's own `codesign: false` turns its OS's command off", async () => {
    const calls = (await tools.calls()).length;
    const own = { ...config("dist-unsigned"), targets: [{ target: HOST, codesign: false }] };
    const ctx = testContext(repo.cwd, { env, nextRelease: release });
    await prepare(own, ctx);
    expect(await tools.calls()).toHaveLength(calls);
    const staged = await readFile(join(repo.cwd, "dist-unsigned", "bin", HOST, "rgreet"));
    expect(staged.equals(await readFile(join(targetDir, HOST, "release", "rgreet")))).toBe(true);
  });
});
