import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { SignOption } from "../config/options/sign.js";
import { gpgSigner, openGpgHome } from "./gpg.js";
import type { Signer } from "./method.js";
import { loadMinisignSigner } from "./minisign.js";
import { sigstoreSigner } from "./sigstore.js";

/** The keys of the `sign` option, loaded once, and their removal. */
export interface SigningKeys {
  /**
   * One signer per method, in the manifest's order (gpg, minisign, sigstore); the first call starts loading the
   * keys, later calls return the same promise. Rejects with a key's `ESIGNKEY`.
   */
  signers(): Promise<Signer[]>;
  /** Stops the gpg-agent and removes the temporary gpg home; the first call does it, later calls wait for it. */
  close(): Promise<void>;
}

/**
 * Signs an empty scratch file once: the first signature unlocks the imported key (the passphrase derivation the
 * key was exported with, a fraction of a second of the agent's time), so it is paid while the release builds and
 * not at its end. A failure is left to the real signatures, which report it.
 */
async function unlocked(signer: Signer, dir: string): Promise<Signer> {
  const file = join(dir, "unlock.txt");
  await writeFile(file, "", { mode: 0o600 });
  await signer.sign(file).catch(() => undefined);
  return signer;
}

/** Starts loading every key of `sign`: the gpg key's import (and unlock), the minisign key's decoding. */
function startLoading(sign: SignOption, env: NodeJS.ProcessEnv) {
  const { gpg, minisign, sigstore } = sign;
  const gpgSession = gpg ? openGpgHome(env[gpg.keyEnv] ?? "", { env, variable: gpg.keyEnv }) : undefined;
  const loading: Promise<Signer>[] = [];
  if (gpg && gpgSession) {
    const withPassphrase = gpg.passphraseEnv !== undefined;
    loading.push(
      gpgSession.home.then((home) =>
        withPassphrase ? unlocked(gpgSigner(home, gpg), home.dir) : gpgSigner(home, gpg),
      ),
    );
  }
  if (minisign) loading.push(loadMinisignSigner(minisign, env));
  if (sigstore) loading.push(Promise.resolve(sigstoreSigner(sigstore, env)));
  const signers = Promise.all(loading);
  signers.catch(() => undefined); // awaited when signing; a release that fails earlier only closes
  const close = async () => {
    await Promise.allSettled(loading);
    await gpgSession?.close();
  };
  return { signers, close };
}

/**
 * The keys of `sign`, loaded when first asked for (`signers()`): the gpg key's import into a temporary home
 * (gpg-agent start) and its unlock, the minisign key's decoding (a password's scrypt derivation, once for every
 * file). Binaries prepare asks as soon as cargo builds, so that this overlaps the build; `close` them in a
 * `finally`.
 */
export function signingKeys(sign: SignOption | undefined, env: NodeJS.ProcessEnv): SigningKeys {
  let loaded: ReturnType<typeof startLoading> | undefined;
  let closing: Promise<void> | undefined;
  return {
    signers: () => (loaded ??= startLoading(sign ?? {}, env)).signers,
    close: () => (closing ??= loaded ? loaded.close() : Promise.resolve()),
  };
}
