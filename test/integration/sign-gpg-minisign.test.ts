import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeSha256Sums } from "../../src/binaries/checksums.js";
import type { Artifact } from "../../src/manifest/dist-manifest.js";
import { gpgSigner, withGpgHome } from "../../src/sign/gpg.js";
import { signArtifacts } from "../../src/sign/sign-artifacts.js";
import { signingProblems } from "../../src/sign/verify.js";
import { exec } from "../../src/util/exec.js";
import { fileDigest } from "../../src/util/digest.js";
import { testContext } from "../helpers/context.js";
import {
  argvShims,
  GPG_PASSPHRASE,
  makeSignKeys,
  MINISIGN_PASSWORD,
  type SignKeys,
} from "../helpers/sign-keys.js";

const ARCHIVE = "rgreet-v1.2.0-x86_64-unknown-linux-gnu.tar.gz";
let keys: SignKeys;
/** Keys whose minisign key has no password: each use of a minisign password is a slow (scrypt) derivation. */
let quick: SignKeys;
let root: string;

beforeAll(async () => {
  [keys, quick] = await Promise.all([makeSignKeys(), makeSignKeys({ minisignPassword: false })]);
  root = await mkdtemp(join(tmpdir(), "srr-sign-"));
});
afterAll(async () => {
  await keys?.cleanup();
  await quick?.cleanup();
  await rm(root, { recursive: true, force: true });
});

/** A dist folder with one real tar.gz archive and SHA256SUMS, as binaries prepare leaves it before signing. */
async function distWithArchive(name: string): Promise<{ distDir: string; artifacts: Artifact[] }> {
  const distDir = join(root, name, "dist");
  const src = join(root, name, "rgreet");
  await mkdir(join(src, "bin"), { recursive: true });
  await writeFile(join(src, "bin", "rgreet"), "#!/bin/sh\necho rgreet 1.2.0\n");
  await mkdir(distDir, { recursive: true });
  await exec("tar", ["-czf", join(distDir, ARCHIVE), "-C", join(root, name), "rgreet"]);
  const d = await fileDigest(join(distDir, ARCHIVE));
  const sums = await writeSha256Sums(distDir, [{ path: join(distDir, ARCHIVE), sha256: d.sha256 }]);
  return {
    distDir,
    artifacts: [
      { path: ARCHIVE, kind: "archive", target: "x86_64-unknown-linux-gnu", ...d },
      { path: "SHA256SUMS", kind: "checksums", size: sums.size, sha256: sums.sha256 },
    ],
  };
}

/** `gpg --verify` by someone who imported only the public key. */
async function userGpgVerify(sig: string, file: string) {
  const home = await mkdtemp(join(root, "user-gnupg-"));
  const env = { ...process.env, GNUPGHOME: home };
  await exec("gpg", ["--batch", "--import", keys.gpgPublicKey], { env });
  const r = await exec("gpg", ["--batch", "--verify", sig, file], { env, reject: false });
  await exec("gpgconf", ["--homedir", home, "--kill", "gpg-agent"], { env, reject: false });
  return r;
}
const userMinisignVerify = (sig: string, file: string) =>
  exec("minisign", ["-V", "-p", keys.minisignPublicKey, "-m", file, "-x", sig], { reject: false });

describe("gpg and minisign signatures of SHA256SUMS and every archive", () => {
  let distDir: string;
  let signatures: Artifact[];
  let argvLog: string;
  let tmp: string;

  beforeAll(async () => {
    ({ distDir, artifacts: signatures } = await distWithArchive("release"));
    argvLog = join(root, "argv.log");
    tmp = join(root, "job-tmp");
    await mkdir(tmp);
    const shims = await argvShims(root, argvLog);
    const env = { ...process.env, ...keys.env, PATH: `${shims}:${process.env.PATH}`, TMPDIR: tmp };
    const ctx = testContext(distDir, { env });
    signatures = await signArtifacts({
      sign: keys.sign,
      distDir,
      artifacts: signatures,
      env,
      logger: ctx.logger,
    });
  });

  it("lists one signature per file and method in the manifest entries, with size and sha256", async () => {
    expect(signatures.map((s) => [s.path, s.kind, s.method, s.signs])).toEqual([
      [`${ARCHIVE}.asc`, "signature", "gpg", ARCHIVE],
      ["SHA256SUMS.asc", "signature", "gpg", "SHA256SUMS"],
      [`${ARCHIVE}.minisig`, "signature", "minisign", ARCHIVE],
      ["SHA256SUMS.minisig", "signature", "minisign", "SHA256SUMS"],
    ]);
    for (const s of signatures) expect((await fileDigest(join(distDir, s.path))).sha256).toBe(s.sha256);
  });

  it("makes detached armored .asc signatures the real gpg --verify accepts", async () => {
    expect(await readFile(join(distDir, `${ARCHIVE}.asc`), "utf8")).toMatch(/^-----BEGIN PGP SIGNATURE-----/);
    for (const f of [ARCHIVE, "SHA256SUMS"]) {
      const r = await userGpgVerify(join(distDir, `${f}.asc`), join(distDir, f));
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain('Good signature from "Release Bot <release@example.com>"');
    }
  });

  it("makes .minisig signatures the real minisign -V accepts", async () => {
    for (const f of [ARCHIVE, "SHA256SUMS"]) {
      const r = await userMinisignVerify(join(distDir, `${f}.minisig`), join(distDir, f));
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain("Signature and comment signature verified");
    }
  });

  it("never puts key material or passphrases in argv, and removes the temporary GNUPGHOME and key files", async () => {
    const calls = (await readFile(argvLog, "utf8")).split("\n").filter(Boolean);
    expect(calls.some((c) => c.includes("--detach-sign"))).toBe(true);
    // minisign signatures are made in this process: no minisign program sees the key or its password.
    expect(calls.filter((c) => c.includes("minisign\0"))).toEqual([]);
    const log = calls.join("\n");
    const minisignSecret = keys.env.RELEASE_MINISIGN_KEY!.trim().split("\n").at(-1)!;
    for (const secret of [GPG_PASSPHRASE, MINISIGN_PASSWORD, "PRIVATE KEY", minisignSecret]) {
      expect(log).not.toContain(secret);
    }
    expect(log).toContain("--passphrase-fd=0");
    expect(await readdir(tmp)).toEqual([]);
  });

  it("refuses a tampered archive: gpg --verify and minisign -V both fail", async () => {
    const { distDir: other } = await distWithArchive("tampered");
    for (const ext of [".asc", ".minisig"]) {
      await writeFile(join(other, `${ARCHIVE}${ext}`), await readFile(join(distDir, `${ARCHIVE}${ext}`)));
    }
    await writeFile(
      join(other, ARCHIVE),
      Buffer.concat([await readFile(join(distDir, ARCHIVE)), Buffer.from("x")]),
    );
    expect((await userGpgVerify(join(other, `${ARCHIVE}.asc`), join(other, ARCHIVE))).code).not.toBe(0);
    const m = await userMinisignVerify(join(other, `${ARCHIVE}.minisig`), join(other, ARCHIVE));
    expect(m.code).not.toBe(0);
  });

  it("keeps the existing signatures on a re-run (same bytes) and signs a file whose signature does not verify", async () => {
    const before = await Promise.all(signatures.map((s) => readFile(join(distDir, s.path))));
    await writeFile(join(distDir, "SHA256SUMS.asc"), "not a signature\n");
    const env = { ...process.env, ...keys.env };
    const ctx = testContext(distDir, { env });
    const artifacts: Artifact[] = [
      { path: ARCHIVE, kind: "archive", ...(await fileDigest(join(distDir, ARCHIVE))) },
      { path: "SHA256SUMS", kind: "checksums", ...(await fileDigest(join(distDir, "SHA256SUMS"))) },
    ];
    const again = await signArtifacts({ sign: keys.sign, distDir, artifacts, env, logger: ctx.logger });
    const after = await Promise.all(again.map((s) => readFile(join(distDir, s.path))));
    for (const [i, s] of again.entries()) {
      if (s.path === "SHA256SUMS.asc") expect(after[i]!.equals(before[i]!)).toBe(false);
      else expect(after[i]!.equals(before[i]!), s.path).toBe(true);
    }
    expect(ctx.lines.filter((l) => l.startsWith("Kept"))).toHaveLength(3);
    const r = await userGpgVerify(join(distDir, "SHA256SUMS.asc"), join(distDir, "SHA256SUMS"));
    expect(r.code).toBe(0);
  });
});

describe("gpg processes started ahead of the files", () => {
  it("sign what they are given once the key is unlocked, and give way to the usual signing when it is not", async () => {
    const { distDir } = await distWithArchive("prestarted");
    const env = { ...process.env, ...keys.env };
    const signatures = await withGpgHome(
      keys.env.RELEASE_GPG_KEY!,
      { env, variable: "RELEASE_GPG_KEY" },
      async (home) => {
        const signer = gpgSigner(home, keys.sign.gpg);
        signer.prestart(1); // the agent does not have the unlocked key yet: this one fails, the usual way signs
        const first = await signer.sign(join(distDir, ARCHIVE));
        signer.prestart(2); // now it has: these sign, and the unused one is stopped
        const second = await signer.sign(join(distDir, "SHA256SUMS"));
        await signer.release();
        return [first, second];
      },
    );
    await writeFile(join(distDir, `${ARCHIVE}.asc`), signatures[0]!);
    await writeFile(join(distDir, "SHA256SUMS.asc"), signatures[1]!);
    for (const f of [ARCHIVE, "SHA256SUMS"]) {
      const r = await userGpgVerify(join(distDir, `${f}.asc`), join(distDir, f));
      expect(r.code, r.stderr).toBe(0);
    }
  });
});

describe("verifyConditions of the sign option", () => {
  const codes = (problems: { code?: string }[]) => problems.map((p) => p.code);

  it("passes with the keys, their passphrases and both tools", async () => {
    const sign = { ...quick.sign, minisign: { keyEnv: "RELEASE_MINISIGN_KEY" } };
    expect(await signingProblems(sign, { ...process.env, ...quick.env })).toEqual([]);
  });

  it("reports every unset variable and the missing OIDC token at once", async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, RELEASE_GPG_KEY: keys.env.RELEASE_GPG_KEY };
    delete env.ACTIONS_ID_TOKEN_REQUEST_URL;
    delete env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
    const problems = await signingProblems(
      {
        ...keys.sign,
        sigstore: { fulcioUrl: "http://127.0.0.1:1", rekorUrl: "http://127.0.0.1:1", audience: "sigstore" },
      },
      env,
    );
    expect(codes(problems)).toEqual(["ESIGNKEYENV", "ESIGNKEYENV", "ESIGNKEYENV", "ENOOIDCTOKEN"]);
    expect(problems[0]!.message).toContain("RELEASE_GPG_PASSPHRASE");
  });

  it("finds a wrong passphrase and a broken key before anything is built", async () => {
    const env = {
      ...process.env,
      ...keys.env,
      RELEASE_GPG_PASSPHRASE: "wrong",
      RELEASE_MINISIGN_KEY: "garbage",
    };
    const problems = await signingProblems(keys.sign, env);
    expect(codes(problems)).toEqual(["ESIGNKEY", "ESIGNKEY"]);
    expect(problems[0]!.message).toContain("RELEASE_GPG_PASSPHRASE");
    for (const p of problems) expect(JSON.stringify(p)).not.toContain(GPG_PASSPHRASE);
  });

  it("reports gpg missing from PATH; minisign signing needs no program", async () => {
    const empty = await mkdtemp(join(root, "empty-path-"));
    const problems = await signingProblems(keys.sign, { ...process.env, ...keys.env, PATH: empty });
    expect(codes(problems)).toEqual(["ESIGNTOOL"]);
    expect(problems[0]!.message).toContain("gpg");
  });

  it("finds a wrong minisign password (ESIGNKEY) without putting it in the error", async () => {
    const env = { ...process.env, ...keys.env, RELEASE_MINISIGN_PASSWORD: "not-the-password" };
    const problems = await signingProblems({ minisign: keys.sign.minisign }, env);
    expect(codes(problems)).toEqual(["ESIGNKEY"]);
    expect(problems[0]!.message).toContain("wrong password");
    expect(JSON.stringify(problems[0])).not.toContain("not-the-password");
  });
});
