import { basename, join } from "node:path";
import type { SignOption } from "../config/options/sign.js";
import { getError } from "../errors/get-error.js";
import { manifestPath, readManifest, writeManifest, type Artifact } from "../manifest/dist-manifest.js";
import type { Logger } from "../types.js";
import { atomicWrite, sha256 } from "../util/atomic-write.js";
import { readFile } from "node:fs/promises";
import { SIGNATURE_EXTENSIONS, type Signer } from "./method.js";
import { signingKeys, type SigningKeys } from "./signing-keys.js";

export interface SignInput {
  sign: SignOption | undefined;
  /** Absolute dist folder; artifact paths are relative to it. */
  distDir: string;
  artifacts: readonly Artifact[];
  env: NodeJS.ProcessEnv;
  logger: Logger;
  /**
   * Signatures already uploaded (by a run that died, for `resume` and `finish`): the bytes of the release asset
   * of that name, or undefined. One that verifies for the same artifact is kept instead of signing again.
   */
  uploaded?: (name: string) => Promise<Buffer | undefined>;
  /**
   * The keys of `sign`, already loading (`signingKeys`, started early by binaries prepare); closed once the
   * signatures are made. Without it they are loaded and closed here.
   */
  keys?: SigningKeys;
}

/** The signature to keep: the local file, else the uploaded asset, when it verifies for the artifact. */
async function existingSignature(signer: Signer, file: string, path: string, i: SignInput) {
  const local = await readFile(join(i.distDir, path)).catch(() => undefined);
  if (local && (await signer.verify(file, local))) return { data: local, where: "in dist" };
  const remote = await i.uploaded?.(basename(path));
  if (remote && (await signer.verify(file, remote))) return { data: remote, where: "uploaded" };
  return undefined;
}

/** The artifacts that get signatures: every archive, `SHA256SUMS` and the provenance. */
export const signedKinds = (artifacts: readonly Artifact[]): Artifact[] =>
  artifacts.filter((a) => a.kind === "archive" || a.kind === "checksums" || a.kind === "provenance");

/**
 * Signs each subject with `signer`, or keeps the signature already beside it when it verifies for the same bytes
 * (signatures carry times and short-lived certificates: a re-run must not make a second, different one).
 */
async function signEach(signer: Signer, subjects: readonly Artifact[], i: SignInput): Promise<Artifact[]> {
  // Each file is signed by its own process (gpg through the one agent of the temporary home): side by side.
  return Promise.all(subjects.map((subject) => signOne(signer, subject, i)));
}

async function signOne(signer: Signer, subject: Artifact, i: SignInput): Promise<Artifact> {
  const file = join(i.distDir, subject.path);
  const path = `${subject.path}${SIGNATURE_EXTENSIONS[signer.method]}`;
  const existing = await existingSignature(signer, file, path, i);
  const data = existing?.data ?? (await signer.sign(file, subject.kind));
  if (existing?.where !== "in dist") await atomicWrite(join(i.distDir, path), data);
  if (existing)
    i.logger.log("Kept the %s signature %s (%s, it verifies)", signer.method, path, existing.where);
  else i.logger.log("Signed %s with %s: %s", subject.path, signer.method, path);
  return {
    path,
    kind: "signature",
    ...(subject.target ? { target: subject.target } : {}),
    size: data.length,
    sha256: sha256(data),
    signs: subject.path,
    method: signer.method,
  };
}

/**
 * The signatures of `SHA256SUMS` and every archive for each method of the `sign` option, as manifest entries
 * (kind `signature`). Key material lives only in private temporary folders removed afterwards.
 */
export async function signArtifacts(i: SignInput): Promise<Artifact[]> {
  const keys = i.keys ?? signingKeys(i.sign, i.env);
  try {
    const subjects = signedKinds(i.artifacts);
    // The methods run side by side; the manifest lists their signatures in a fixed order (gpg, minisign, sigstore).
    const signed = await Promise.all((await keys.signers()).map((signer) => signEach(signer, subjects, i)));
    return signed.flat();
  } finally {
    // The gpg-agent stops while the rest of dist/ is written (SBOMs), not after it.
    await keys.close();
  }
}

/**
 * Signs the artifacts of `{distDir}/manifest.json` and lists the signatures in it, replacing the ones listed
 * before: the call for `finish` and `resume`, where `dist/` was made by another job.
 */
export async function signDist(i: Omit<SignInput, "artifacts">): Promise<Artifact[]> {
  const manifest = await readManifest(i.distDir);
  if (!manifest) {
    throw getError("EDISTMANIFEST", { path: manifestPath(i.distDir), reason: "the file does not exist" });
  }
  const artifacts = manifest.artifacts.filter((a) => a.kind !== "signature");
  const signatures = await signArtifacts({ ...i, artifacts });
  await writeManifest(i.distDir, { ...manifest, artifacts: [...artifacts, ...signatures] });
  return signatures;
}
