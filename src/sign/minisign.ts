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
  const key = /^RW[A-Za-z0-9+/]+=*$/.test(publicKey) ? [`-P${publicKey}`] : [`-p${publicKey}`];
  const r = await exec("minisign", ["-V", ...key, `-m${file}`, `-x${signature}`], { reject: false });
  const comment = /^Trusted comment: (.*)$/m.exec(r.stdout)?.[1];
  return r.code === 0
    ? { ok: true, detail: `good signature${comment ? ` (${comment})` : ""}` }
    : { ok: false, detail: `bad signature (${lastLines(r.stderr || r.stdout, 1)})` };
}

/** `ESIGNKEY` when minisign could not load or decrypt the key, else `ESIGNFAILED` for `file`. */
function minisignFailure(option: MinisignSignOption, file: string, output: string) {
  const reason = lastLines(output, 1) || "minisign failed";
  return /secret key|password/i.test(output)
    ? getError("ESIGNKEY", { method: "minisign", variable: option.keyEnv, reason })
    : getError("ESIGNFAILED", { method: "minisign", file, reason: lastLines(output) });
}

/**
 * Writes the secret key of `sign.minisign` to a 0600 file in a private folder (removed afterwards) and runs `fn`
 * with a signer (password on stdin). The public key (`minisign -R`, another slow password derivation) is derived
 * only when an existing signature is to be checked. A key minisign cannot load is `ESIGNKEY`.
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
    const stdin = { env, reject: false, ...(password === undefined ? {} : { input: password }) };
    let derived: Promise<void> | undefined;
    let scratch = 0; // numbered scratch files: files are signed and checked side by side
    const publicKey = async () => {
      const r = await exec("minisign", ["-R", `-s${secret}`, `-p${pub}`], stdin);
      if (r.code !== 0) throw minisignFailure(option, secret, `${r.stderr}\n${r.stdout}`);
    };
    return fn({
      method: "minisign",
      async sign(file) {
        const out = join(dir, `signature-${++scratch}.minisig`);
        const r = await exec("minisign", ["-S", `-s${secret}`, `-m${file}`, `-x${out}`], stdin);
        if (r.code !== 0) throw minisignFailure(option, file, `${r.stderr}\n${r.stdout}`);
        return readFile(out);
      },
      async verify(file, signature) {
        await (derived ??= publicKey());
        const sig = join(dir, `check-${++scratch}.minisig`);
        await writeFile(sig, signature, { mode: 0o600 });
        return (await minisignVerify(pub, file, sig)).ok;
      },
    });
  });
}
