import { readFile, writeFile } from "node:fs/promises";
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

beforeAll(async () => {
  [repo, keys] = await Promise.all([gitRepo(), makeSignKeys({ minisignPassword: false })]);
  await copyExamples(repo.cwd);
  await writeFile(join(repo.cwd, ".gitignore"), "/target\n/dist\n");
  await gitCommit(repo.cwd, "feat: initial import");
  env = { ...process.env, ...keys.env, CARGO_TARGET_DIR: fileTargetDir("binaries-sign") };
  await setVersion({ cwd: repo.cwd, env, manifestPath: "Cargo.toml", version: VERSION });
  config = { targets: [HOST], sign: { gpg: keys.sign.gpg, minisign: { keyEnv: "RELEASE_MINISIGN_KEY" } } };
});
afterAll(async () => {
  await removeRepo(repo);
  await keys?.cleanup();
});

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
