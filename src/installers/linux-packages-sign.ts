import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { GpgSignOption } from "../config/options/sign.js";
import { gpgSigner, withGpgHome } from "../sign/gpg.js";

/** Signs the packages with the one `sign.gpg` key: the `.rpm`'s header (inside), the `.deb` detached (`.asc`). */
export interface PackageSigner {
  /** The binary OpenPGP signature of an `.rpm` header, for its signature header. */
  signRpmHeader(header: Buffer): Promise<Buffer>;
  signDetached(path: string): Promise<Buffer>;
}

/** The binary packet of an ASCII-armored signature (its base64 lines, without the `=` checksum line). Pure. */
export function dearmor(armored: string): Buffer {
  const body = armored.replace(/\r/g, "").split("\n\n")[1] ?? "";
  return Buffer.from(
    body
      .split("\n")
      .filter((l) => !l.startsWith("=") && !l.startsWith("-----"))
      .join(""),
    "base64",
  );
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
    let headers = 0;
    return fn({
      async signRpmHeader(header) {
        const path = join(home.dir, `rpm-header-${++headers}`);
        await writeFile(path, header, { mode: 0o600 });
        return dearmor((await gpg.sign(path)).toString("utf8"));
      },
      signDetached: (path) => gpg.sign(path),
    });
  });
}
