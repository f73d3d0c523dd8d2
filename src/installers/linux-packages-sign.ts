import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { GpgSignOption } from "../config/options/sign.js";
import { getError } from "../errors/get-error.js";
import { gpgSigner, withGpgHome } from "../sign/gpg.js";
import { exec, findProgram } from "../util/exec.js";

/** Signs the packages with the one `sign.gpg` key: the `.rpm` inside (rpmsign), the `.deb` detached (`.asc`). */
export interface PackageSigner {
  signRpm(bytes: Buffer, file: string): Promise<Buffer>;
  signDetached(path: string): Promise<Buffer>;
}

type Home = Parameters<Parameters<typeof withGpgHome>[2]>[0];

/** `rpmsign --addsign` with the key of `home` (`_gpg_path`, `_gpg_name`), the passphrase from a 0600 file. */
async function rpmSign(home: Home, option: GpgSignOption, bytes: Buffer, file: string): Promise<Buffer> {
  const listed = await exec(
    "gpg",
    ["--batch", `--homedir=${home.dir}`, "--list-secret-keys", "--with-colons"],
    {
      env: home.env,
    },
  );
  const fpr = /^fpr:(?::[^:]*){7}:([0-9A-F]+):/m.exec(listed.stdout)?.[1] ?? "";
  const path = join(home.dir, file);
  await writeFile(path, bytes, { mode: 0o600 });
  const extra = ["--batch"];
  const passphrase = option.passphraseEnv ? home.env[option.passphraseEnv] : undefined;
  if (passphrase !== undefined) {
    await writeFile(join(home.dir, "passphrase"), passphrase, { mode: 0o600 });
    extra.push("--pinentry-mode loopback", `--passphrase-file ${join(home.dir, "passphrase")}`);
  }
  const defines = [
    `__gpg ${(await findProgram("gpg", { cwd: home.dir, env: home.env })) ?? "gpg"}`,
    `_gpg_path ${home.dir}`,
    `_gpg_name ${fpr}`,
    `_gpg_sign_cmd_extra_args ${extra.join(" ")}`,
  ];
  const r = await exec("rpmsign", ["--addsign", ...defines.flatMap((d) => ["--define", d]), path], {
    env: home.env,
    reject: false,
  }).catch((e: NodeJS.ErrnoException) => ({ code: 127, stdout: "", stderr: e.code ?? String(e) }));
  if (r.code !== 0)
    throw getError("ERPMSIGN", { file, reason: r.stderr.trim().split("\n").slice(-3).join("\n") });
  return readFile(path);
}

/**
 * Runs `fn` with a signer of the `sign.gpg` key (imported into a temp `GNUPGHOME`, removed afterwards), or
 * without one when no key is configured or its variable is empty.
 */
export async function withPackageSigner<T>(
  option: GpgSignOption | undefined,
  env: NodeJS.ProcessEnv,
  fn: (signer?: PackageSigner) => Promise<T>,
): Promise<T> {
  const key = option ? env[option.keyEnv] : undefined;
  if (!option || !key) return fn(undefined);
  return withGpgHome(key, { env, variable: option.keyEnv }, (home) => {
    const gpg = gpgSigner(home, option);
    return fn({
      signRpm: (bytes, file) => rpmSign(home, option, bytes, file),
      signDetached: (path) => gpg.sign(path),
    });
  });
}
