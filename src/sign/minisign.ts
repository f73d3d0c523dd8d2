import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { getError } from "../errors/get-error.js";
import { exec } from "../util/exec.js";
import type { MinisignSignOption } from "../config/options/sign.js";
import type { CheckResult, Signer } from "./method.js";
import { lastLines, withPrivateDir } from "./private-dir.js";

/**
 * `minisign -V` of a signature with a public key (a file, or the key itself, `RW...`); the trusted comment is part
 * of what is checked.
 */
export async function minisignVerify(
  publicKey: string,
  file: string,
  signature: string,
): Promise<CheckResult> {
  const key = /^RW[A-Za-z0-9+/]+=*$/.test(publicKey) ? ["-P", publicKey] : ["-p", publicKey];
  const r = await exec("minisign", ["-V", ...key, "-m", file, "-x", signature], { reject: false });
  const comment = /^Trusted comment: (.*)$/m.exec(r.stdout)?.[1];
  return r.code === 0
    ? { ok: true, detail: `good signature${comment ? ` (${comment})` : ""}` }
    : { ok: false, detail: `bad signature (${lastLines(r.stderr || r.stdout, 1)})` };
}

/**
 * Writes the secret key of `sign.minisign` to a 0600 file in a private folder (removed afterwards), derives its
 * public key (`minisign -R`, password on stdin) and runs `fn` with a signer. A key minisign refuses is `ESIGNKEY`.
 */
export async function withMinisignSigner<T>(
  option: MinisignSignOption,
  env: NodeJS.ProcessEnv,
  fn: (signer: Signer) => Promise<T>,
): Promise<T> {
  return withPrivateDir(env, "srr-minisign-", async (dir) => {
    const secret = join(dir, "secret.key");
    const pub = join(dir, "public.key");
    await writeFile(secret, `${(env[option.keyEnv] ?? "").trim()}\n`, { mode: 0o600 });
    const password = option.passwordEnv ? `${env[option.passwordEnv] ?? ""}\n` : undefined;
    const stdin = password === undefined ? {} : { input: password };
    const derived = await exec("minisign", ["-R", "-s", secret, "-p", pub], { env, reject: false, ...stdin });
    if (derived.code !== 0) {
      const reason = lastLines(derived.stderr || derived.stdout, 1) || "minisign -R failed";
      throw getError("ESIGNKEY", { method: "minisign", variable: option.keyEnv, reason });
    }
    return fn({
      method: "minisign",
      async sign(file) {
        const out = join(dir, "signature.minisig");
        const r = await exec("minisign", ["-S", "-s", secret, "-m", file, "-x", out], {
          env,
          reject: false,
          ...stdin,
        });
        if (r.code !== 0)
          throw getError("ESIGNFAILED", {
            method: "minisign",
            file,
            reason: lastLines(r.stderr || r.stdout),
          });
        return readFile(out);
      },
      async verify(file, signature) {
        const sig = join(dir, "check.minisig");
        await writeFile(sig, signature, { mode: 0o600 });
        return (await minisignVerify(pub, file, sig)).ok;
      },
    });
  });
}
