import { mkdtemp, readFile, rm, writeFile, chmod } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exec } from "../../src/util/exec.js";

/** A release signer's keys, made with the real `gpg` and `minisign`, and the public halves people download. */
export interface SignKeys {
  dir: string;
  /** Environment of the release job: the secret keys and passphrases, as CI secrets would be. */
  env: Record<string, string>;
  gpgPublicKey: string;
  minisignPublicKey: string;
  /** The `sign` option naming those variables. */
  sign: { gpg: { keyEnv: string; passphraseEnv: string }; minisign: { keyEnv: string; passwordEnv: string } };
  cleanup(): Promise<void>;
}

export const GPG_PASSPHRASE = "gpg-passphrase-s3cret";
export const MINISIGN_PASSWORD = "minisign-password-s3cret";

/**
 * Generates an ed25519 gpg key (with a passphrase) and a minisign key pair, with a password unless
 * `minisignPassword` is false (each use of a minisign password costs a slow key derivation).
 */
export async function makeSignKeys({ minisignPassword = true } = {}): Promise<SignKeys> {
  const dir = await mkdtemp(join(tmpdir(), "srr-keys-"));
  const home = join(dir, "gnupg");
  await exec("mkdir", ["-m", "700", home]);
  const env = { ...process.env, GNUPGHOME: home };
  const pass = ["--batch", "--pinentry-mode", "loopback", "--passphrase", GPG_PASSPHRASE];
  await exec(
    "gpg",
    [...pass, "--quick-gen-key", "Release Bot <release@example.com>", "ed25519", "sign", "never"],
    { env },
  );
  const secret = (await exec("gpg", [...pass, "--armor", "--export-secret-keys"], { env })).stdout;
  const gpgPublicKey = join(dir, "release.pub.asc");
  await writeFile(gpgPublicKey, (await exec("gpg", ["--armor", "--export"], { env })).stdout);
  await exec("gpgconf", ["--homedir", home, "--kill", "gpg-agent"], { env, reject: false });
  const minisignPublicKey = join(dir, "minisign.pub");
  const minisignSecret = join(dir, "minisign.key");
  await exec(
    "minisign",
    ["-G", ...(minisignPassword ? [] : ["-W"]), "-p", minisignPublicKey, "-s", minisignSecret],
    {
      input: `${MINISIGN_PASSWORD}\n${MINISIGN_PASSWORD}\n`,
    },
  );
  await chmod(minisignSecret, 0o600);
  return {
    dir,
    env: {
      RELEASE_GPG_KEY: secret,
      RELEASE_GPG_PASSPHRASE: GPG_PASSPHRASE,
      RELEASE_MINISIGN_KEY: await readFile(minisignSecret, "utf8"),
      RELEASE_MINISIGN_PASSWORD: MINISIGN_PASSWORD,
    },
    gpgPublicKey,
    minisignPublicKey,
    sign: {
      gpg: { keyEnv: "RELEASE_GPG_KEY", passphraseEnv: "RELEASE_GPG_PASSPHRASE" },
      minisign: { keyEnv: "RELEASE_MINISIGN_KEY", passwordEnv: "RELEASE_MINISIGN_PASSWORD" },
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

/**
 * A `PATH` folder whose `gpg`, `gpgconf` and `minisign` log their argv (NUL-separated, one call a line) to `log`, then run
 * the real program: what a process listing would show.
 */
export async function argvShims(dir: string, log: string): Promise<string> {
  const bin = join(dir, "shims");
  await exec("mkdir", ["-p", bin]);
  for (const tool of ["gpg", "gpgconf", "minisign"]) {
    const real = (await exec("sh", ["-c", `command -v ${tool}`])).stdout.trim();
    const script = `#!/bin/sh\nprintf '%s\\0' "$0" "$@" >> '${log}'\nprintf '\\n' >> '${log}'\nexec '${real}' "$@"\n`;
    await writeFile(join(bin, tool), script, { mode: 0o755 });
  }
  return bin;
}
