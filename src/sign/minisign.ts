import { getError } from "../errors/get-error.js";
import { exec } from "../util/exec.js";
import type { MinisignSignOption } from "../config/options/sign.js";
import type { CheckResult, Signer } from "./method.js";
import { lastLines } from "./private-dir.js";
import {
  loadMinisignKey,
  minisignHolds,
  minisignSignature,
  MinisignKeyError,
  onDisk,
} from "./minisign-key.js";

/**
 * `minisign -V` of a signature with a public key (a file, or the key itself, `RW...`); the trusted comment is part
 * of what is checked.
 */
export async function minisignVerify(
  publicKey: string,
  file: string,
  signature: string,
): Promise<CheckResult> {
  const key = /^RW[A-Za-z0-9+/]+=*$/.test(publicKey) ? [`-P${publicKey}`] : [`-p${publicKey}`];
  const r = await exec("minisign", ["-V", ...key, `-m${file}`, `-x${signature}`], { reject: false });
  const comment = /^Trusted comment: (.*)$/m.exec(r.stdout)?.[1];
  return r.code === 0
    ? { ok: true, detail: `good signature${comment ? ` (${comment})` : ""}` }
    : { ok: false, detail: `bad signature (${lastLines(r.stderr || r.stdout, 1)})` };
}

/**
 * Loads the secret key of `sign.minisign` from its variable (decrypted with the password variable's value, once
 * for every file) and returns a signer that signs in this process, as `minisign -S` would: no program, no key
 * file on disk. A key that does not load, or a wrong password, is `ESIGNKEY`.
 */
export async function loadMinisignSigner(
  option: MinisignSignOption,
  env: NodeJS.ProcessEnv,
): Promise<Signer> {
  const password = option.passwordEnv ? (env[option.passwordEnv] ?? "") : undefined;
  const key = await loadMinisignKey(env[option.keyEnv] ?? "", password).catch((e: unknown) => {
    const reason = e instanceof MinisignKeyError ? e.message : "the key does not load";
    throw getError("ESIGNKEY", { method: "minisign", variable: option.keyEnv, reason });
  });
  return {
    method: "minisign",
    async sign(file) {
      return minisignSignature(key, file, onDisk(file));
    },
    async verify(file, signature) {
      return minisignHolds(key, onDisk(file), signature);
    },
  };
}

/** Runs `fn` with the signer of `sign.minisign` (see `loadMinisignSigner`). */
export async function withMinisignSigner<T>(
  option: MinisignSignOption,
  env: NodeJS.ProcessEnv,
  fn: (signer: Signer) => Promise<T>,
): Promise<T> {
  return fn(await loadMinisignSigner(option, env));
}
