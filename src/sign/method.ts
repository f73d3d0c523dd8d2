import type { ArtifactKind } from "../manifest/dist-manifest.js";

/** How each signature kind is named and checked: the one shape gpg, minisign and Sigstore share. */
export type SignatureMethod = "gpg" | "minisign" | "sigstore";

/** The file name ending of each method's signature, put after the signed file's name. */
export const SIGNATURE_EXTENSIONS: Record<SignatureMethod, string> = {
  gpg: ".asc",
  minisign: ".minisig",
  sigstore: ".sigstore.json",
};

/** A signer with its key loaded: signs a file, or checks that a signature it made earlier holds for it. */
export interface Signer {
  method: SignatureMethod;
  /** The signature of the file's bytes (for a `provenance` statement, Sigstore signs a DSSE envelope of it). */
  sign(file: string, kind?: ArtifactKind): Promise<Buffer>;
  /** Whether `signature` (read from disk) verifies for the file with this signer's key. */
  verify(file: string, signature: Buffer): Promise<boolean>;
}

/** One verification's outcome, for the `verify` command's lines. */
export interface CheckResult {
  ok: boolean;
  /** A signature that holds but was made by someone else than asked for (repository, workflow). */
  identity?: boolean;
  /** What was checked and by whom (`good signature from ...`), or why it failed. */
  detail: string;
}
