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
  /**
   * Starts `count` gpg processes that wait for the bytes of a file to sign, once the key is unlocked: the
   * signatures at the end of the release then wait on no program start. Unused ones are stopped by `close`.
   */
  prestart(count: number): void;
  /** Stops the gpg-agent and removes the temporary gpg home; the first call does it, later calls wait for it. */
  close(): Promise<void>;
}

/**
 * Signs an empty scratch file once: the first signature unlocks the imported key (the passphrase derivation the
 * key was exported with, a fraction of a second of the agent's time), so it is paid while the release builds and
 * not at its end. Whether it worked: a failure is left to the real signatures, which report it.
 */
async function unlock(signer: Signer, dir: string): Promise<boolean> {
  const file = join(dir, "unlock.txt");
  await writeFile(file, "", { mode: 0o600 });
  return signer.sign(file).then(
    () => true,
    () => false,
  );
}

/** Starts loading every key of `sign`: the gpg key's import (and unlock), the minisign key's decoding. */
function startLoading(sign: SignOption, env: NodeJS.ProcessEnv) {
  const { gpg, minisign, sigstore } = sign;
  const session = gpg ? openGpgHome(env[gpg.keyEnv] ?? "", { env, variable: gpg.keyEnv }) : undefined;
  const unlocked = gpg
    ? session?.home.then(async (home) => {
        const signer = gpgSigner(home, gpg);
        return { signer, ok: gpg.passphraseEnv === undefined || (await unlock(signer, home.dir)) };
      })
    : undefined;
  const loading: Promise<Signer>[] = [];
  if (unlocked) loading.push(unlocked.then((u) => u.signer));
  if (minisign) loading.push(loadMinisignSigner(minisign, env));
  if (sigstore) loading.push(Promise.resolve(sigstoreSigner(sigstore, env)));
  const signers = Promise.all(loading);
  signers.catch(() => undefined); // awaited when signing; a release that fails earlier only closes
  let closed = false;
  const prestart = (count: number) =>
    void unlocked?.then((u) => !closed && u.ok && u.signer.prestart(count)).catch(() => undefined);
  const close = async () => {
    closed = true;
    await Promise.allSettled(loading);
    await unlocked?.then((u) => u.signer.release()).catch(() => undefined);
    await session?.close();
  };
  return { signers, prestart, close };
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
    // Keys asked for after `close` would never be removed: a programming error, not a user's.
    signers: () =>
      closing
        ? Promise.reject(new Error("signing keys used after close"))
        : (loaded ??= startLoading(sign ?? {}, env)).signers,
    prestart: (count) => loaded?.prestart(count),
    close: () => (closing ??= loaded ? loaded.close() : Promise.resolve()),
  };
}
