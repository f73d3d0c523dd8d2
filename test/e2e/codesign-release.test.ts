import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCommand } from "../../src/cli/build.js";
import type { DistManifest } from "../../src/manifest/dist-manifest.js";
import { exec } from "../../src/util/exec.js";
import { fileTargetDir } from "../helpers/cross-toolchain.js";
import {
  copyExamples,
  gitCommit,
  gitRepo,
  initExamplesRepo,
  removeRepo,
  type TestRepo,
} from "../helpers/git-utils.js";
import { captureStream, runRelease } from "../helpers/run-release.js";
import { releasePlugins } from "../helpers/release-plugins.js";
import { codesignStandIns, WIN_GNU, type CodesignStandIns } from "../stand-ins/codesign-tools.js";

const VERSION = "0.2.0";
const ZIP = `rgreet-v${VERSION}-${WIN_GNU}.zip`;
const targetDir = fileTargetDir("codesign-release");

const onPath = (tool: string) =>
  (process.env.PATH ?? "").split(delimiter).some((dir) => dir && existsSync(join(dir, tool)));
const hasTools = ["osslsigncode", "openssl", "x86_64-w64-mingw32-gcc", "unzip"].every(onPath);

let tools: CodesignStandIns;
/** The test certificate: `cert.pem`, its key in `cert.pfx` (PKCS#12) and the pfx password in `pass.txt`. */
let certs: string;
let env: Record<string, string>;
const repos: TestRepo[] = [];

/** Windows signing as users configure it: osslsigncode writes the signed file to `{signed}`. */
const codesign = () => ({
  windows: {
    command: [
      "osslsigncode",
      "sign",
      "-pkcs12",
      join(certs, "cert.pfx"),
      "-readpass",
      join(certs, "pass.txt"),
      "-n",
      "rgreet",
      "-h",
      "sha256",
      "-in",
      "{binary}",
      "-out",
      "{signed}",
    ],
  },
});
const binaries = () => ({ targets: [{ target: WIN_GNU, builder: "cross" }], codesign: codesign() });

beforeAll(async () => {
  if (!hasTools) return;
  tools = await codesignStandIns(VERSION);
  certs = await mkdtemp(join(tmpdir(), "srr-certs-"));
  const subj = "/CN=semantic-release-rust test signer";
  await exec(
    "openssl",
    [
      ...["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", subj],
      ...["-addext", "extendedKeyUsage=codeSigning", "-keyout", "key.pem", "-out", "cert.pem"],
    ],
    { cwd: certs },
  );
  await writeFile(join(certs, "pass.txt"), "test-pfx-password");
  await exec(
    "openssl",
    [
      ...["pkcs12", "-export", "-inkey", "key.pem", "-in", "cert.pem", "-out", "cert.pfx"],
      ...["-passout", "file:pass.txt"],
    ],
    { cwd: certs },
  );
  env = {
    ...(process.env as Record<string, string>),
    CARGO_TARGET_DIR: targetDir,
    PATH: `${tools.bin}${delimiter}${process.env.PATH ?? ""}`,
  };
});
afterAll(async () => {
  await Promise.all(repos.map(removeRepo));
  if (hasTools) await Promise.all([tools.close(), rm(certs, { recursive: true, force: true })]);
});

const sha256 = async (path: string) =>
  createHash("sha256")
    .update(await readFile(path))
    .digest("hex");

/** Extracts the `.exe` of a zip with Info-ZIP's unzip; its path. */
async function exeFromZip(zip: string, out: string): Promise<string> {
  const names = (await exec("unzip", ["-Z1", zip])).stdout.split("\n");
  const name = names.find((n) => n.endsWith("/rgreet.exe") || n === "rgreet.exe");
  expect(name).toBeDefined();
  await exec("unzip", ["-q", "-o", zip, name!, "-d", out]);
  return join(out, name!);
}

/** `osslsigncode verify` against the test certificate; its exit code and output. */
const verify = (file: string) =>
  exec("osslsigncode", ["verify", "-CAfile", join(certs, "cert.pem"), "-in", file], { reject: false });

describe.runIf(hasTools)("code signing a Windows executable with the real osslsigncode", () => {
  it("a semantic-release run signs the built .exe; the zip's .exe verifies and SHA256SUMS is of the signed zip", async () => {
    const repo = await initExamplesRepo();
    repos.push(repo);
    const { result, output } = await runRelease(repo.cwd, {
      repositoryUrl: repo.repositoryUrl,
      env,
      plugins: releasePlugins([["semantic-release-rust/binaries", binaries()]]),
    });
    expect(result && result.nextRelease.version).toBe(VERSION);
    expect(output).toMatch(new RegExp(`Signed rgreet \\(${WIN_GNU}\\) with osslsigncode: \\d+ bytes`));

    const dist = join(repo.cwd, "dist");
    const exe = await exeFromZip(join(dist, ZIP), join(repo.base, "extract"));
    const check = await verify(exe);
    expect(check.code, check.stdout + check.stderr).toBe(0);
    expect(check.stdout).toContain("Signature verification: ok");
    // The unsigned build does not verify: the signature is what was checked.
    expect((await verify(join(targetDir, WIN_GNU, "release", "rgreet.exe"))).code).not.toBe(0);

    const sums = await readFile(join(dist, "SHA256SUMS"), "utf8");
    expect(sums).toContain(`${await sha256(join(dist, ZIP))}  ${ZIP}`);
    expect((await exec("sha256sum", ["-c", "SHA256SUMS"], { cwd: dist })).stdout).toContain(`${ZIP}: OK`);
    const manifest = JSON.parse(await readFile(join(dist, "manifest.json"), "utf8")) as DistManifest;
    const binary = manifest.artifacts.find((a) => a.kind === "binary" && a.target === WIN_GNU)!;
    expect(binary.sha256).toBe(await sha256(exe));
    expect((await verify(join(dist, binary.path))).code).toBe(0);
  });

  it("`build --target` (a matrix job) signs too: manifest-<target>.json records the signed binary", async () => {
    const repo = await gitRepo();
    repos.push(repo);
    await copyExamples(repo.cwd);
    const releaserc = {
      branches: ["main"],
      plugins: [
        ["semantic-release-rust", { placeholderVersion: "0.1.0" }],
        ["semantic-release-rust/binaries", binaries()],
      ],
    };
    await writeFile(join(repo.cwd, ".releaserc.json"), JSON.stringify(releaserc, null, 2));
    await gitCommit(repo.cwd, "feat: initial import");
    const stdout = captureStream();
    const stderr = captureStream();
    const args = ["--target", WIN_GNU, "--version", VERSION];
    const code = await buildCommand.run(args, { stdout, stderr, env, cwd: repo.cwd });
    expect(code, stderr.text()).toBe(0);
    expect(stderr.text()).toContain(`Signed rgreet (${WIN_GNU}) with osslsigncode`);

    const dist = join(repo.cwd, "dist");
    const fragment = JSON.parse(
      await readFile(join(dist, `manifest-${WIN_GNU}.json`), "utf8"),
    ) as DistManifest;
    const binary = fragment.artifacts.find((a) => a.kind === "binary")!;
    const zip = fragment.artifacts.find((a) => a.kind === "archive")!;
    expect(binary.sha256).toBe(await sha256(join(dist, binary.path)));
    expect(zip.sha256).toBe(await sha256(join(dist, zip.path)));
    expect((await verify(join(dist, binary.path))).code).toBe(0);
    const exe = await exeFromZip(join(dist, zip.path), join(repo.base, "extract"));
    expect((await readFile(exe)).equals(await readFile(join(dist, binary.path)))).toBe(true);
  });
});
