import { Invalid, invalid, opt, parseObject, under, unknownKey } from "../define.js";

/** GPG: the armored secret key in `keyEnv`, its passphrase (if any) in `passphraseEnv`. */
export interface GpgSignOption {
  keyEnv: string;
  passphraseEnv?: string;
}

/** minisign: the secret key file's text in `keyEnv`, its password (if any) in `passwordEnv`. */
export interface MinisignSignOption {
  keyEnv: string;
  passwordEnv?: string;
}

/** Sigstore keyless: where Fulcio, Rekor and (optionally) a timestamp authority answer. */
export interface SigstoreSignOption {
  fulcioUrl: string;
  rekorUrl: string;
  /** The timestamp endpoint itself (`https://timestamp.sigstore.dev/api/v1/timestamp`). */
  tsaUrl?: string;
  /** Audience of the GitHub Actions OIDC token. */
  audience: string;
}

export interface SignOption {
  gpg?: GpgSignOption;
  minisign?: MinisignSignOption;
  sigstore?: SigstoreSignOption;
}

export const SIGSTORE_DEFAULTS: SigstoreSignOption = {
  fulcioUrl: "https://fulcio.sigstore.dev",
  rekorUrl: "https://rekor.sigstore.dev",
  audience: "sigstore",
};

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ENV_EXPECTED = "the name of an environment variable (letters, digits, `_`)";

/** `{ keyEnv, <secretKey>? }` with environment variable names. */
function parseKeyEnvs<K extends string>(
  v: unknown,
  secretKey: K,
): ({ keyEnv: string } & Partial<Record<K, string>>) | Invalid {
  const o = parseObject(v, `\`{ "keyEnv": "...", "${secretKey}": "..." }\``);
  if (o instanceof Invalid) return o;
  const unknown = unknownKey(o, ["keyEnv", secretKey]);
  if (unknown) return unknown;
  for (const key of ["keyEnv", secretKey]) {
    const value = o[key];
    if ((key === "keyEnv" || value !== undefined) && (typeof value !== "string" || !ENV_NAME.test(value)))
      return under(key, invalid(ENV_EXPECTED, value));
  }
  return o as { keyEnv: string } & Partial<Record<K, string>>;
}

const URL_EXPECTED = "an http(s) URL";
const isUrl = (v: unknown): v is string => typeof v === "string" && /^https?:\/\/[^\s]+$/.test(v);

function parseSigstore(v: unknown): SigstoreSignOption | Invalid | undefined {
  if (v === false || v === undefined) return undefined;
  if (v === true) return { ...SIGSTORE_DEFAULTS };
  const o = parseObject(v, 'true or `{ "fulcioUrl", "rekorUrl", "tsaUrl", "audience" }`');
  if (o instanceof Invalid) return o;
  const unknown = unknownKey(o, ["fulcioUrl", "rekorUrl", "tsaUrl", "audience"]);
  if (unknown) return unknown;
  for (const key of ["fulcioUrl", "rekorUrl", "tsaUrl"])
    if (o[key] !== undefined && !isUrl(o[key])) return under(key, invalid(URL_EXPECTED, o[key]));
  if (o.audience !== undefined && (typeof o.audience !== "string" || o.audience === ""))
    return under("audience", invalid("a non-empty string", o.audience));
  return { ...SIGSTORE_DEFAULTS, ...(o as Partial<SigstoreSignOption>) };
}

function parseSign(v: unknown): SignOption | Invalid | undefined {
  const o = parseObject(v, 'an object `{ "gpg", "minisign", "sigstore" }`');
  if (o instanceof Invalid) return o;
  const unknown = unknownKey(o, ["gpg", "minisign", "sigstore"]);
  if (unknown) return unknown;
  const gpg = o.gpg === undefined ? undefined : under("gpg", parseKeyEnvs(o.gpg, "passphraseEnv"));
  if (gpg instanceof Invalid) return gpg;
  const minisign =
    o.minisign === undefined ? undefined : under("minisign", parseKeyEnvs(o.minisign, "passwordEnv"));
  if (minisign instanceof Invalid) return minisign;
  const sigstore = under("sigstore", parseSigstore(o.sigstore));
  if (sigstore instanceof Invalid) return sigstore;
  return { ...(gpg ? { gpg } : {}), ...(minisign ? { minisign } : {}), ...(sigstore ? { sigstore } : {}) };
}

/** The signing option of `semantic-release-rust/binaries`: signatures of `SHA256SUMS` and every archive. */
export const signOptions = {
  sign: opt.custom<SignOption>(
    'an object `{ "gpg"?: { "keyEnv", "passphraseEnv"? }, "minisign"?: { "keyEnv", "passwordEnv"? }, "sigstore"?: true | { "fulcioUrl", "rekorUrl", "tsaUrl", "audience" } }`',
    parseSign,
  )(
    "EINVALIDSIGN",
    "Signatures of `SHA256SUMS` and every archive, listed in `dist/manifest.json` and uploaded as assets: `gpg` (detached `.asc`; armored secret key in the variable `keyEnv`, passphrase in `passphraseEnv`), `minisign` (`.minisig`; secret key file's text in `keyEnv`, password in `passwordEnv`), `sigstore` (keyless `.sigstore.json` bundle from the GitHub Actions OIDC token, needs `id-token: write`; `true`, or `fulcioUrl`/`rekorUrl` of your own Fulcio and Rekor and a timestamp endpoint `tsaUrl`, such as `https://timestamp.sigstore.dev/api/v1/timestamp`). A signature already in `dist/` that verifies for the same file is kept. Default: no signatures.",
  ),
};
