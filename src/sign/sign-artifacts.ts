import { join } from "node:path";
import type { SignOption } from "../config/options/sign.js";
import type { Artifact } from "../manifest/dist-manifest.js";
import type { Logger } from "../types.js";
import { atomicWrite, sha256 } from "../util/atomic-write.js";
import { readFile } from "node:fs/promises";
import { gpgSigner, withGpgHome } from "./gpg.js";
import { SIGNATURE_EXTENSIONS, type Signer } from "./method.js";
import { withMinisignSigner } from "./minisign.js";
import { sigstoreSigner } from "./sigstore.js";

export interface SignInput {
  sign: SignOption | undefined;
  /** Absolute dist folder; artifact paths are relative to it. */
  distDir: string;
  artifacts: readonly Artifact[];
  env: NodeJS.ProcessEnv;
  logger: Logger;
}

/** The artifacts that get signatures: every archive and `SHA256SUMS`. */
export const signedKinds = (artifacts: readonly Artifact[]): Artifact[] =>
  artifacts.filter((a) => a.kind === "archive" || a.kind === "checksums");

/**
 * Signs each subject with `signer`, or keeps the signature already beside it when it verifies for the same bytes
 * (signatures carry times and short-lived certificates: a re-run must not make a second, different one).
 */
async function signEach(signer: Signer, subjects: readonly Artifact[], i: SignInput): Promise<Artifact[]> {
  const out: Artifact[] = [];
  for (const subject of subjects) {
    const file = join(i.distDir, subject.path);
    const path = `${subject.path}${SIGNATURE_EXTENSIONS[signer.method]}`;
    const existing = await readFile(join(i.distDir, path)).catch(() => undefined);
    let data: Buffer;
    if (existing && (await signer.verify(file, existing))) {
      data = existing;
      i.logger.log("Kept the %s signature %s (it verifies for %s)", signer.method, path, subject.path);
    } else {
      data = await signer.sign(file);
      await atomicWrite(join(i.distDir, path), data);
      i.logger.log("Signed %s with %s: %s", subject.path, signer.method, path);
    }
    out.push({
      path,
      kind: "signature",
      ...(subject.target ? { target: subject.target } : {}),
      size: data.length,
      sha256: sha256(data),
      signs: subject.path,
      method: signer.method,
    });
  }
  return out;
}

/**
 * The signatures of `SHA256SUMS` and every archive for each method of the `sign` option, as manifest entries
 * (kind `signature`). Key material lives only in private temporary folders removed afterwards.
 */
export async function signArtifacts(i: SignInput): Promise<Artifact[]> {
  const subjects = signedKinds(i.artifacts);
  const out: Artifact[] = [];
  const { gpg, minisign, sigstore } = i.sign ?? {};
  if (gpg) {
    const key = i.env[gpg.keyEnv] ?? "";
    const o = { env: i.env, variable: gpg.keyEnv };
    out.push(...(await withGpgHome(key, o, (home) => signEach(gpgSigner(home, gpg), subjects, i))));
  }
  if (minisign) out.push(...(await withMinisignSigner(minisign, i.env, (s) => signEach(s, subjects, i))));
  if (sigstore) out.push(...(await signEach(sigstoreSigner(sigstore, i.env), subjects, i)));
  return out;
}
