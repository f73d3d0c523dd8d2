import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepare, verifyConditions } from "../../src/binaries/index.js";
import { setVersion } from "../../src/cargo/set-version.js";
import { collectAssets } from "../../src/github/collect-assets.js";
import type { DistManifest } from "../../src/manifest/dist-manifest.js";
import { exec } from "../../src/util/exec.js";
import { errorCodes, rejection, testContext } from "../helpers/context.js";
import { fileTargetDir, HOST } from "../helpers/cross-toolchain.js";
import { copyExamples, gitCommit, gitRepo, removeRepo, type TestRepo } from "../helpers/git-utils.js";
import { makeSignKeys, type SignKeys } from "../helpers/sign-keys.js";

const VERSION = "0.2.0";
const ARCHIVE = `rgreet-v${VERSION}-${HOST}.tar.gz`;
let repo: TestRepo;
let keys: SignKeys;
let env: NodeJS.ProcessEnv;
let config: Record<string, unknown>;
/** The release job's TMPDIR, where the temporary gpg home lives while signing. */
let tmp: string;

beforeAll(async () => {
  [repo, keys] = await Promise.all([gitRepo(), makeSignKeys({ minisignPassword: false })]);
  await copyExamples(repo.cwd);
  await writeFile(join(repo.cwd, ".gitignore"), "/target\n/dist\n");
  await gitCommit(repo.cwd, "feat: initial import");
  tmp = await mkdtemp(join(tmpdir(), "srr-binaries-sign-tmp-"));
  env = { ...process.env, ...keys.env, CARGO_TARGET_DIR: fileTargetDir("binaries-sign"), TMPDIR: tmp };
  await setVersion({ cwd: repo.cwd, env, manifestPath: "Cargo.toml", version: VERSION });
  config = { targets: [HOST], sign: { gpg: keys.sign.gpg, minisign: { keyEnv: "RELEASE_MINISIGN_KEY" } } };
});
afterAll(async () => {
  await removeRepo(repo);
  await keys?.cleanup();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

/** `gpg --verify` by someone who imported only the release's public key. */
async function userGpgVerify(sig: string, file: string) {
  const home = await mkdtemp(join(tmp, "user-gnupg-"));
  const userEnv = { ...process.env, GNUPGHOME: home };
  await exec("gpg", ["--batch", "--import", keys.gpgPublicKey], { env: userEnv });
  const r = await exec("gpg", ["--batch", "--verify", sig, file], { env: userEnv, reject: false });
  await exec("gpgconf", ["--homedir", home, "--kill", "gpg-agent"], { env: userEnv, reject: false });
  await rm(home, { recursive: true, force: true });
  return r;
}

const context = (e: NodeJS.ProcessEnv) =>
  testContext(repo.cwd, { env: e, nextRelease: { version: VERSION, gitTag: `v${VERSION}` } });

describe("semantic-release-rust/binaries with the sign option", () => {
  it("verifyConditions reports a missing key variable with the other problems, before anything is built", async () => {
    const error = await rejection(verifyConditions(config, context({ ...env, RELEASE_GPG_KEY: "" })));
    expect(errorCodes(error)).toEqual(["ESIGNKEYENV"]);
  });

  it("prepare signs SHA256SUMS and the archive after the checksums, lists the signatures and github uploads them", async () => {
    await verifyConditions(config, context(env));
    await prepare(config, context(env));
    const dist = join(repo.cwd, "dist");
    const manifest = JSON.parse(await readFile(join(dist, "manifest.json"), "utf8")) as DistManifest;
    const signatures = manifest.artifacts.filter((a) => a.kind === "signature").map((a) => [a.path, a.signs]);
    expect(signatures.sort()).toEqual(
      [
        [`${ARCHIVE}.asc`, ARCHIVE],
        [`${ARCHIVE}.minisig`, ARCHIVE],
        ["SHA256SUMS.asc", "SHA256SUMS"],
        ["SHA256SUMS.minisig", "SHA256SUMS"],
        // Provenance is on by default when something is signed, and is signed like the archives.
        ["provenance.intoto.json.asc", "provenance.intoto.json"],
        ["provenance.intoto.json.minisig", "provenance.intoto.json"],
      ].sort(),
    );
    expect(manifest.artifacts.find((a) => a.kind === "provenance")?.path).toBe("provenance.intoto.json");
    const r = await exec("minisign", ["-V", `-p${keys.minisignPublicKey}`, `-m${join(dist, ARCHIVE)}`], {
      reject: false,
    });
    expect(r.code, r.stderr).toBe(0);
    // The gpg signatures are made by gpg processes started during the build: the real gpg --verify accepts them.
    for (const file of [ARCHIVE, "SHA256SUMS", "provenance.intoto.json"]) {
      const v = await userGpgVerify(join(dist, `${file}.asc`), join(dist, file));
      expect(v.code, v.stderr).toBe(0);
      expect(v.stderr).toContain('Good signature from "Release Bot <release@example.com>"');
    }
    // The temporary gpg home (and its agent) is gone.
    expect((await readdir(tmp)).filter((n) => n.startsWith("srr-gnupg-"))).toEqual([]);
    const vars = { version: VERSION, gitTag: `v${VERSION}`, channel: "" };
    const { assets, missing } = await collectAssets({
      cwd: repo.cwd,
      distDir: "dist",
      manifest,
      assets: [],
      vars,
    });
    expect(missing).toEqual([]);
    expect(assets.map((a) => a.name)).toEqual(
      expect.arrayContaining([`${ARCHIVE}.asc`, "SHA256SUMS.minisig", "provenance.intoto.json"]),
    );
  });
});
