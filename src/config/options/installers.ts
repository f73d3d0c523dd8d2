import { invalid, opt, parseObject, parseStrings, under, unknownKey, Invalid } from "../define.js";
import { linuxPackagesOptions } from "./linux-packages.js";
import { plainFileName, sharedOptions } from "./shared.js";

/** What `semantic-release-rust/installers` can make; .deb and .rpm slot in here later. */
export const INSTALLER_KINDS = ["shell", "powershell", "homebrew", "scoop", "winget", "chocolatey"] as const;
export type InstallerKind = (typeof INSTALLER_KINDS)[number];

const KIND_LIST = INSTALLER_KINDS.map((k) => `"${k}"`).join(", ");
const KINDS_EXPECTED = `an array of ${KIND_LIST}`;

function parseKinds(v: unknown): InstallerKind[] | Invalid {
  const list = parseStrings(v, { single: true });
  if (list instanceof Invalid) return list;
  const bad = list.findIndex((k) => !(INSTALLER_KINDS as readonly string[]).includes(k));
  if (bad >= 0) return under(bad, invalid(`one of ${KIND_LIST}`, list[bad]));
  return [...new Set(list)] as InstallerKind[];
}

/** An object option whose fields are all optional non-empty strings (`scoop`, `winget`, `chocolatey`). */
function stringFields<K extends string>(keys: readonly K[]) {
  return (v: unknown): Partial<Record<K, string>> | Invalid => {
    const o = parseObject(v, `an object with ${keys.map((k) => `\`${k}\``).join(", ")}`);
    if (o instanceof Invalid) return o;
    const unknown = unknownKey(o, keys);
    if (unknown) return unknown;
    const bad = keys.find((k) => o[k] !== undefined && (typeof o[k] !== "string" || o[k] === ""));
    return bad ? under(bad, invalid("a non-empty string", o[bad])) : (o as Partial<Record<K, string>>);
  };
}

/** Options of `semantic-release-rust/installers`. */
export const installersOptions = {
  rustRelease: sharedOptions.rustRelease,
  distDir: sharedOptions.distDir,
  manifestPath: sharedOptions.manifestPath,
  installers: opt.custom<InstallerKind[]>(KINDS_EXPECTED, parseKinds)(
    "EINVALIDINSTALLERS",
    "What to make from the archives of `{distDir}/manifest.json`: `shell` (`install.sh` for Linux and macOS), `powershell` (`install.ps1` for Windows), `homebrew` (a formula pushed to the `tap`), `scoop` (a manifest pushed to the Scoop `bucket`), `winget` (the three winget manifests), `chocolatey` (a `.nuspec` and its install script). The scripts and the winget manifests are uploaded as release assets.",
    ["shell", "powershell"],
  ),
  name: plainFileName(
    "EINVALIDNAME",
    "Name of the Homebrew formula and prefix of the scripts' environment variables (`RGREET_INSTALL_DIR`). Default: the first binary of the manifest.",
  ),
  downloadUrl: opt.string(
    "EINVALIDDOWNLOADURL",
    "URL of the folder the scripts and the formula download the archives from; `{version}` and `{gitTag}` are filled in. Default: the GitHub release of the tag (`https://github.com/{owner}/{repo}/releases/download/{gitTag}`).",
  ),
  minisignPublicKey: opt.string(
    "EINVALIDMINISIGNPUBLICKEY",
    "minisign public key (the `RW...` line) baked into the scripts: they check `{archive}.minisig` with it when that asset exists and `minisign` is installed. `.asc` signatures are checked with the user's `gpg` keyring.",
  ),
  tap: opt.string(
    "EINVALIDTAP",
    "The Homebrew tap repository: `owner/homebrew-tap` on GitHub or a git URL. Default: `{owner}/homebrew-tap` of the repository. Pushed with `HOMEBREW_TAP_TOKEN` (else `GH_TOKEN`/`GITHUB_TOKEN`).",
  ),
  description: opt.string(
    "EINVALIDDESCRIPTION",
    "The formula's `desc`. Default: the `description` of the binary's package in `Cargo.toml`.",
  ),
  scoop: opt.custom<{ bucket?: string }>(
    'an object `{ bucket: "owner/scoop-bucket" }`',
    stringFields(["bucket"]),
  )(
    "EINVALIDSCOOP",
    "The Scoop manifest (`installers` has `scoop`): `bucket` is the bucket repository it is pushed to as `bucket/{name}.json`, `owner/name` on GitHub or a git URL. Default bucket: `{owner}/scoop-bucket` of the repository. Pushed with `SCOOP_BUCKET_TOKEN` (else `GH_TOKEN`/`GITHUB_TOKEN`).",
  ),
  winget: opt.custom<{ publisher?: string; packageIdentifier?: string }>(
    'an object `{ publisher: "Acme", packageIdentifier: "Acme.Rgreet" }`',
    stringFields(["publisher", "packageIdentifier"]),
  )(
    "EINVALIDWINGET",
    "The winget manifests (`installers` has `winget`): `publisher` (default: the repository owner) and `packageIdentifier` (default: `{Publisher}.{Name}`). The three files are uploaded as release assets, ready to submit to `microsoft/winget-pkgs`.",
  ),
  chocolatey: opt.custom<{ id?: string; authors?: string }>(
    'an object `{ id: "rgreet", authors: "Acme" }`',
    stringFields(["id", "authors"]),
  )(
    "EINVALIDCHOCOLATEY",
    "The Chocolatey package sources (`installers` has `chocolatey`): `id` (default: `name`) and `authors` (default: the repository owner). Written to `{distDir}/chocolatey/` for `choco pack`; not uploaded.",
  ),
  ...linuxPackagesOptions,
};
