import { Invalid, invalid, opt, parseObject, parseStrings, under, unknownKey } from "../define.js";

export const LINUX_PACKAGE_FORMATS = ["deb", "rpm"] as const;
export type LinuxPackageFormat = (typeof LINUX_PACKAGE_FORMATS)[number];

/** Shell completion files to install, each a path relative to the repository root. */
export interface CompletionFiles {
  bash?: string;
  zsh?: string;
  fish?: string;
}

/** The `linuxPackages` option of `semantic-release-rust/installers`, `true` being `{}`. */
export interface LinuxPackagesOption {
  formats: LinuxPackageFormat[];
  maintainer?: string;
  section?: string;
  /** Replaces the libc dependency worked out from the binaries. */
  depends?: { deb?: string[]; rpm?: string[] };
  /** Globs (relative to the repository root) of man pages (`*.1`, gzipped into `/usr/share/man/man<n>/`). */
  manPages?: string[];
  completions?: CompletionFiles;
}

const FIELDS = ["formats", "maintainer", "section", "depends", "manPages", "completions"];
const EXPECTED =
  'true or `{ "formats"?: ["deb", "rpm"], "maintainer"?, "section"?, "depends"?: { "deb"?: [...], "rpm"?: [...] }, "manPages"?: [globs], "completions"?: { "bash"?, "zsh"?, "fish"? } }`';

function parseFormats(v: unknown): LinuxPackageFormat[] | Invalid {
  const list = parseStrings(v, { single: true });
  if (list instanceof Invalid) return list;
  const bad = list.findIndex((f) => !(LINUX_PACKAGE_FORMATS as readonly string[]).includes(f));
  return bad >= 0
    ? under(bad, invalid('"deb" or "rpm"', list[bad]))
    : ([...new Set(list)] as LinuxPackageFormat[]);
}

/** `{ key?: string }` objects (`completions`) or `{ key?: string[] }` (`depends`), only the keys given. */
function parseKeyed<T>(
  v: unknown,
  keys: readonly string[],
  each: (x: unknown) => T | Invalid,
): object | Invalid {
  const o = parseObject(v, `an object with ${keys.map((k) => `\`${k}\``).join(", ")}`);
  if (o instanceof Invalid) return o;
  const unknown = unknownKey(o, keys);
  if (unknown) return unknown;
  for (const key of keys) {
    const parsed = o[key] === undefined ? undefined : under(key, each(o[key]));
    if (parsed instanceof Invalid) return parsed;
  }
  return o;
}

function parseLinuxPackages(v: unknown): LinuxPackagesOption | Invalid | undefined {
  if (v === false) return undefined;
  if (v === true) return { formats: [...LINUX_PACKAGE_FORMATS] };
  const o = parseObject(v, EXPECTED);
  if (o instanceof Invalid) return o;
  const unknown = unknownKey(o, FIELDS);
  if (unknown) return unknown;
  const formats =
    o.formats === undefined ? [...LINUX_PACKAGE_FORMATS] : under("formats", parseFormats(o.formats));
  if (formats instanceof Invalid) return formats;
  for (const key of ["maintainer", "section"])
    if (o[key] !== undefined && (typeof o[key] !== "string" || o[key] === ""))
      return under(key, invalid("a non-empty string", o[key]));
  const checks: [string, (x: unknown) => unknown][] = [
    ["manPages", (x) => parseStrings(x, { single: true })],
    ["depends", (x) => parseKeyed(x, ["deb", "rpm"], (s) => parseStrings(s, { allowEmpty: false }))],
    [
      "completions",
      (x) =>
        parseKeyed(x, ["bash", "zsh", "fish"], (s) =>
          typeof s === "string" && s ? s : invalid("a path", s),
        ),
    ],
  ];
  for (const [key, check] of checks) {
    const r = o[key] === undefined ? undefined : under(key, check(o[key]));
    if (r instanceof Invalid) return r;
  }
  const manPages =
    o.manPages === undefined ? undefined : (parseStrings(o.manPages, { single: true }) as string[]);
  return { ...(o as Omit<LinuxPackagesOption, "formats">), formats, ...(manPages ? { manPages } : {}) };
}

/** The `.deb`/`.rpm` option of `semantic-release-rust/installers`. */
export const linuxPackagesOptions = {
  linuxPackages: opt.custom<LinuxPackagesOption>(EXPECTED, parseLinuxPackages)(
    "EINVALIDLINUXPACKAGES",
    "A `.deb` and a `.rpm` for every Linux target of the manifest, uploaded with the release: the binaries in `/usr/bin`, `/usr/share/doc/{name}/copyright` (from `LICENSE`) and `changelog.gz` (the release notes), the `manPages` (globs of `*.1`...) and `completions` (`bash`, `zsh`, `fish` files) given. `Depends`/`Requires`: none for static (musl) builds, the glibc the binary needs for gnu builds, or `depends.deb`/`depends.rpm`. `maintainer` (default: the first of `authors` in `Cargo.toml`), `section` (default `utils`); `formats` picks `deb` or `rpm` (default both). Both are written by the plugin itself, no `dpkg` or `rpmbuild` needed. Signed with the binaries plugin's `sign.gpg` key: `.rpm` inside (a header signature, as `rpmsign` makes), `.deb` as a detached `.deb.asc`. Default: no packages.",
  ),
};
