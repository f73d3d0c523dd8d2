import {
  createHash,
  createPrivateKey,
  createPublicKey,
  scrypt,
  sign,
  verify,
  type KeyObject,
} from "node:crypto";
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { hashFile } from "../util/digest.js";

/** A minisign secret key, decoded (and decrypted) once: what signs every file of a release. */
export interface MinisignKey {
  /** The key id, as minisign stores it (8 bytes, shown reversed in hex by `minisign`). */
  keyId: Buffer;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/** Why a key does not load; the caller turns it into `ESIGNKEY`. Never contains key material. */
export class MinisignKeyError extends Error {}

const SECRET_KEY_BYTES = 158;

/**
 * libsodium's `crypto_pwhash_scryptsalsa208sha256` parameters for an opslimit and memlimit (its `pickparams`):
 * minisign's keys store those two limits, scrypt takes N, r and p.
 */
export function scryptParams(opslimit: number, memlimit: number): { N: number; r: number; p: number } {
  const ops = Math.max(opslimit, 32768);
  const r = 8;
  const log2Above = (max: number) => {
    let n = 1;
    while (n < 63 && 2 ** n <= max / 2) n++;
    return n;
  };
  if (ops < Math.floor(memlimit / 32)) return { N: 2 ** log2Above(Math.floor(ops / (r * 4))), r, p: 1 };
  const n = log2Above(Math.floor(memlimit / (r * 128)));
  const maxrp = Math.min(Math.floor(ops / 4 / 2 ** n), 0x3fffffff);
  return { N: 2 ** n, r, p: Math.floor(maxrp / r) };
}

/** The scrypt key stream of a password-protected key (minisign's deliberately slow derivation, ~1 GiB). */
function keyStream(password: string, salt: Buffer, opslimit: number, memlimit: number): Promise<Buffer> {
  const { N, r, p } = scryptParams(opslimit, memlimit);
  const maxmem = 128 * r * (N + p + 2) + 1024 * 1024;
  return new Promise((resolve, reject) =>
    scrypt(password, salt, 104, { N, r, p, maxmem }, (e, key) => (e ? reject(e) : resolve(key))),
  );
}

/**
 * Decodes the text of a minisign secret key file (`minisign -G`) and decrypts it with `password` (only the first
 * line counts, as minisign reads it from stdin) when it is encrypted (kdf `Sc`; `-W` keys are not). A wrong
 * password is found because the decrypted secret key does not give the public key stored beside it.
 */
export async function loadMinisignKey(text: string, password: string | undefined): Promise<MinisignKey> {
  const line = text.trim().split("\n").at(-1)?.trim() ?? "";
  const raw = Buffer.from(line, "base64");
  if (raw.length !== SECRET_KEY_BYTES || raw.subarray(0, 2).toString("latin1") !== "Ed")
    throw new MinisignKeyError("not a minisign secret key");
  const kdf = raw.subarray(2, 4).toString("latin1");
  const body = Buffer.from(raw.subarray(54));
  if (kdf === "Sc") {
    if (password === undefined) throw new MinisignKeyError("the key is encrypted and no password was given");
    const pw = password.split(/[\r\n]/)[0] ?? "";
    const stream = await keyStream(pw, raw.subarray(6, 38), readLimit(raw, 38), readLimit(raw, 46));
    for (let i = 0; i < body.length; i++) body[i] = (body[i] as number) ^ (stream[i] as number);
  } else if (kdf !== "\0\0") throw new MinisignKeyError(`unknown key derivation "${kdf}"`);
  const keyId = body.subarray(0, 8);
  const seed = body.subarray(8, 40);
  const storedPublic = body.subarray(40, 72);
  const privateKey = createPrivateKey({
    key: { kty: "OKP", crv: "Ed25519", d: seed.toString("base64url"), x: storedPublic.toString("base64url") },
    format: "jwk",
  });
  const publicKey = createPublicKey(privateKey);
  const derived = Buffer.from(publicKey.export({ format: "jwk" }).x ?? "", "base64url");
  if (!derived.equals(storedPublic))
    throw new MinisignKeyError(kdf === "Sc" ? "wrong password for that key" : "the key is damaged");
  return { keyId, privateKey, publicKey };
}

const readLimit = (raw: Buffer, at: number): number => Number(raw.readBigUInt64LE(at));

/** BLAKE2b-512 of the file's bytes: minisign's prehashed ("ED") signatures sign this digest. */
const prehash = (data: Buffer): Buffer => createHash("blake2b512").update(data).digest();

/** The bytes a signature covers: the BLAKE2b-512 digest for prehashed (`ED`) ones, the bytes for legacy `Ed` ones. */
export interface MinisignInput {
  prehash(): Promise<Buffer>;
  bytes(): Promise<Buffer>;
}

/** Bytes held in memory. */
export const inMemory = (data: Buffer): MinisignInput => ({
  prehash: () => Promise.resolve(prehash(data)),
  bytes: () => Promise.resolve(data),
});

/** A file: hashed as a stream (only a legacy `Ed` signature, never made here, reads it whole). */
export const onDisk = (path: string): MinisignInput => ({
  prehash: async () => (await hashFile(path, "blake2b512")).digest,
  bytes: () => readFile(path),
});

/**
 * The `.minisig` text `minisign -S` writes for `input` (a file named `file`): a prehashed Ed25519 signature, the
 * trusted comment `timestamp:<seconds>\tfile:<name>\thashed` and the global signature over both.
 */
export async function minisignSignature(
  key: MinisignKey,
  file: string,
  input: MinisignInput,
  now = Date.now(),
): Promise<Buffer> {
  const signature = sign(null, await input.prehash(), key.privateKey);
  const blob = Buffer.concat([Buffer.from("ED"), key.keyId, signature]);
  const trusted = `timestamp:${Math.floor(now / 1000)}\tfile:${basename(file)}\thashed`;
  const global = sign(null, Buffer.concat([signature, Buffer.from(trusted)]), key.privateKey);
  return Buffer.from(
    `untrusted comment: signature from minisign secret key\n${blob.toString("base64")}\n` +
      `trusted comment: ${trusted}\n${global.toString("base64")}\n`,
  );
}

/**
 * Whether a `.minisig` holds for `input` with this key, as `minisign -V` checks it: the key id, the signature of
 * the (prehashed, or for legacy `Ed` signatures raw) data and the global signature of the trusted comment.
 */
export async function minisignHolds(
  key: MinisignKey,
  input: MinisignInput,
  minisig: Buffer,
): Promise<boolean> {
  const lines = minisig.toString("utf8").split("\n");
  const blob = Buffer.from(lines[1]?.trim() ?? "", "base64");
  const trusted = /^trusted comment: (.*?)\r?$/.exec(lines[2] ?? "")?.[1];
  const global = Buffer.from(lines[3]?.trim() ?? "", "base64");
  if (blob.length !== 74 || trusted === undefined || global.length !== 64) return false;
  const alg = blob.subarray(0, 2).toString("latin1");
  if ((alg !== "ED" && alg !== "Ed") || !blob.subarray(2, 10).equals(key.keyId)) return false;
  const signature = blob.subarray(10);
  const signed = alg === "ED" ? await input.prehash() : await input.bytes();
  return (
    verify(null, signed, key.publicKey, signature) &&
    verify(null, Buffer.concat([signature, Buffer.from(trusted)]), key.publicKey, global)
  );
}
