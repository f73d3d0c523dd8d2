import { readFile } from "node:fs/promises";
import { basename, dirname, isAbsolute, join } from "node:path";
import { fileDigest } from "../util/digest.js";
import { fileExists } from "../util/fs.js";
import { gpgVerify, withGpgHome } from "./gpg.js";
import { SIGNATURE_EXTENSIONS, type CheckResult, type SignatureMethod } from "./method.js";
import { minisignVerify } from "./minisign.js";
import { verifySigstore, type SigstorePolicy } from "./verify-sigstore.js";

/** What kind of check failed: each has its own exit code of `verify`. */
export type FailureKind = "download" | "checksum" | "signature" | "identity" | "provenance";

/** One line of the `verify` command: a check on a file and its outcome. */
export interface CheckLine {
  status: "OK" | "FAIL" | "SKIP";
  file: string;
  check: string;
  detail: string;
  /** For a FAIL: what kind of failure. */
  failure?: FailureKind;
}

/** A line for a check's result; a failure of kind `kind` (a signature by someone else: `identity`). */
export const line = (
  file: string,
  check: string,
  r: CheckResult,
  kind: FailureKind = "checksum",
): CheckLine => ({
  status: r.ok ? "OK" : "FAIL",
  file,
  check,
  detail: r.detail,
  ...(r.ok ? {} : { failure: r.identity ? "identity" : kind }),
});

/** `{hex}  {name}` or `{hex} *{name}` lines of a `sha256sum` file, by name. */
export function parseChecksums(text: string): Map<string, string> {
  const sums = new Map<string, string>();
  for (const l of text.split("\n")) {
    const m = /^([0-9a-fA-F]{64}) [ *](.+)$/.exec(l.replace(/\r$/, ""));
    if (m) sums.set(m[2]!, m[1]!.toLowerCase());
  }
  return sums;
}

/** `sha256sum -c` of one entry: the file exists beside the list and has that digest; names leaving the folder fail. */
export async function checkSum(
  dir: string,
  name: string,
  expected: string,
  list: string,
): Promise<CheckLine> {
  const check = `sha256 (${list})`;
  if (isAbsolute(name) || name.split(/[\\/]/).includes(".."))
    return line(name, check, { ok: false, detail: "refused: the name leaves the folder" });
  const path = join(dir, name);
  if (!(await fileExists(path))) return line(name, check, { ok: false, detail: "missing" });
  const actual = (await fileDigest(path)).sha256;
  return line(
    name,
    check,
    actual === expected
      ? { ok: true, detail: actual }
      : { ok: false, detail: `is ${actual}, expected ${expected}` },
  );
}

/** Keys the person who downloads gives: a gpg public key file, a minisign public key (file or `RW...`), Sigstore's. */
export interface VerifyKeys {
  gpgKey?: string;
  minisignKey?: string;
  sigstore: SigstorePolicy;
}

async function checkOne(
  method: SignatureMethod,
  file: string,
  sig: string,
  keys: VerifyKeys,
  env: NodeJS.ProcessEnv,
) {
  if (method === "gpg") {
    if (!keys.gpgKey) return undefined;
    const key = await readFile(keys.gpgKey, "utf8");
    return withGpgHome(key, { env, variable: "--gpg-key" }, async (home) =>
      gpgVerify(home, file, await readFile(sig)),
    );
  }
  if (method === "minisign") {
    if (!keys.minisignKey) return undefined;
    return minisignVerify(keys.minisignKey, file, sig);
  }
  return verifySigstore(sig, file, keys.sigstore);
}

const NO_KEY: Record<SignatureMethod, string> = {
  gpg: "not verified: give the signer's public key with --gpg-key FILE",
  minisign: "not verified: give the signer's public key with --minisign-key FILE|KEY",
  sigstore: "",
};

/** Every signature found beside `file` (`.asc`, `.minisig`, `.sigstore.json`), each checked with the keys given. */
export async function checkSignatures(
  file: string,
  keys: VerifyKeys,
  env: NodeJS.ProcessEnv,
): Promise<CheckLine[]> {
  const lines: CheckLine[] = [];
  for (const method of ["gpg", "minisign", "sigstore"] as const) {
    const sig = `${file}${SIGNATURE_EXTENSIONS[method]}`;
    if (!(await fileExists(sig))) continue;
    const name = basename(file);
    const check = `${method} signature (${basename(sig)})`;
    const result = await checkOne(method, file, sig, keys, env).catch((e: unknown) => ({
      ok: false,
      detail: e instanceof Error ? e.message : String(e),
    }));
    lines.push(
      result
        ? line(name, check, result, "signature")
        : { status: "SKIP", file: name, check, detail: NO_KEY[method] },
    );
  }
  return lines;
}

/** `{archive}.sha256` beside an archive, when there is one. */
export async function checkSidecar(file: string): Promise<CheckLine[]> {
  const text = await readFile(`${file}.sha256`, "utf8").catch(() => undefined);
  if (text === undefined) return [];
  const expected = parseChecksums(text).get(basename(file));
  if (!expected)
    return [line(basename(file), `sha256 (${basename(file)}.sha256)`, { ok: false, detail: "not listed" })];
  return [await checkSum(dirname(file), basename(file), expected, `${basename(file)}.sha256`)];
}
