import { Invalid, invalid, opt, parseObject, parseString, under, unknownKey } from "../define.js";
import { sharedOptions } from "./shared.js";

/** An object whose every value passes `item`; a bad value is reported under its key. */
function parseRecord<T>(
  v: unknown,
  expected: string,
  item: (x: unknown) => T | Invalid,
): Record<string, T> | Invalid {
  const o = parseObject(v, expected);
  if (o instanceof Invalid) return o;
  for (const [key, value] of Object.entries(o)) {
    const parsed = under(key, item(value));
    if (parsed instanceof Invalid) return parsed;
  }
  return o as Record<string, T>;
}

const ENV_NAME = "the name of an environment variable";
function parseEnvPair(x: unknown): { usernameEnv: string; passwordEnv: string } | Invalid {
  const o = parseObject(x, '`{ "usernameEnv": "...", "passwordEnv": "..." }`');
  if (o instanceof Invalid) return o;
  for (const key of ["usernameEnv", "passwordEnv"] as const) {
    if (typeof o[key] !== "string") return under(key, invalid(ENV_NAME, o[key]));
  }
  return o as { usernameEnv: string; passwordEnv: string };
}
const parseText = (x: unknown): string | Invalid => (typeof x === "string" ? x : invalid("a string", x));

/** `/usr/local/bin`: absolute, normalized, parts of letters, digits, `.`, `_`, `+`, `@` and `-`, no `.` or `..`. */
function parseBinDir(v: unknown): string | undefined {
  if (typeof v !== "string" || !v.startsWith("/")) return undefined;
  const parts = v.slice(1).split("/");
  const ok = parts.every((p) => /^[A-Za-z0-9._+@-]+$/.test(p) && p !== "." && p !== "..");
  return ok ? v : undefined;
}

/** A user name (`nonroot`) or `uid[:gid]` (`65532`, `1000:1000`); numbers become strings. Nothing else. */
function parseUser(v: unknown): string | undefined {
  if (typeof v === "number") return Number.isSafeInteger(v) && v >= 0 ? String(v) : undefined;
  if (typeof v !== "string") return undefined;
  return /^[a-z_][a-z0-9_-]{0,31}$/.test(v) || /^\d{1,10}(:\d{1,10})?$/.test(v) ? v : undefined;
}

/** One entry of `variants`: a tag suffix and what differs from the main image. */
export interface ImageVariantOption {
  suffix: string;
  baseImage?: string;
  user?: string;
}

const SUFFIX_EXPECTED =
  "a tag suffix such as `-alpine`: `-`, `_` or `.` then letters, digits, `_`, `.` or `-`";
const VARIANT_KEYS = ["suffix", "baseImage", "user"] as const;
const USER_EXPECTED = "a user name (`[a-z_][a-z0-9_-]*`) or a numeric `uid[:gid]`";

/** `-alpine`, `_slim`, `.debian12`: a separator then a name (the name alone replaces `latest`). */
const parseSuffix = (v: unknown): string | Invalid =>
  typeof v === "string" && /^[-_.][A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(v) ? v : invalid(SUFFIX_EXPECTED, v);

function parseVariant(v: unknown): ImageVariantOption | Invalid {
  const o = parseObject(v, '`{ "suffix", "baseImage", "user" }`');
  if (o instanceof Invalid) return o;
  const suffix = under("suffix", parseSuffix(o.suffix));
  if (suffix instanceof Invalid) return suffix;
  const unknown = unknownKey(o, VARIANT_KEYS);
  if (unknown) return unknown;
  const out: ImageVariantOption = { suffix };
  if (o.baseImage !== undefined) {
    const base = under("baseImage", parseString(o.baseImage));
    if (base instanceof Invalid) return base;
    out.baseImage = base;
  }
  if (o.user !== undefined) {
    const user = parseUser(o.user);
    if (user === undefined) return under("user", invalid(USER_EXPECTED, o.user));
    out.user = user;
  }
  return out;
}

/** Distinct variants (a suffix listed twice is reported at its second place). */
function parseVariants(v: unknown): ImageVariantOption[] | Invalid {
  if (!Array.isArray(v)) return invalid("an array of variants", v);
  const out: ImageVariantOption[] = [];
  for (const [i, item] of v.entries()) {
    const parsed = under(i, parseVariant(item));
    if (parsed instanceof Invalid) return parsed;
    if (out.some((x) => x.suffix === parsed.suffix))
      return under(i, under("suffix", invalid("a suffix not listed before", parsed.suffix)));
    out.push(parsed);
  }
  return out;
}

/** Options of `semantic-release-rust/docker` (multi-arch container images). */
export const dockerOptions = {
  ...sharedOptions,
  images: opt.stringArray(
    "EINVALIDIMAGES",
    "Image names to push, without tag, one per registry: `ghcr.io/owner/app`, `docker.io/user/app`, `registry.example.com:5000/app`. Required.",
  ),
  builder: opt.oneOf(["oci", "buildx"] as const)(
    "EINVALIDBUILDER",
    "`oci` assembles each platform's image from the binaries in `dist/manifest.json` without any daemon; `buildx` builds your Dockerfile with `docker buildx`. Default: `oci` when every platform's binary is in the manifest, else `buildx`.",
  ),
  platforms: opt.stringArray(
    "EINVALIDPLATFORMS",
    "Platforms (`linux/amd64`) or Rust target triples (`aarch64-unknown-linux-gnu`) to build. Default: the linux targets of the binaries in the dist manifest (`linux/amd64` for `buildx` without binaries).",
  ),
  binary: opt.string(
    "EINVALIDBINARY",
    "The binary that becomes the image's entrypoint. Default: the only binary, or the first by name.",
  ),
  baseImage: opt.string(
    "EINVALIDBASEIMAGE",
    "Base image of the `oci` builder: `scratch`, or an image pulled from its registry such as `gcr.io/distroless/static:nonroot` (pin it by digest, `name@sha256:…`, for reproducible images).",
    "scratch",
  ),
  binDir: opt.custom<string>(
    "an absolute POSIX path without `.`, `..` or empty parts, such as `/usr/local/bin`",
    parseBinDir,
  )("EINVALIDBINDIR", "Folder of the image where the `oci` builder puts the binaries.", "/usr/local/bin"),
  user: opt.custom<string>(USER_EXPECTED, parseUser)(
    "EINVALIDUSER",
    "The user the image runs as (never root by default).",
    "65532",
  ),
  tags: opt.stringArray(
    "EINVALIDTAGS",
    "Tag templates for releases on the main channel. Placeholders: `{version}`, `{major}`, `{minor}`, `{patch}`, `{channel}`, `{revision}`.",
    ["{version}", "{major}.{minor}", "{major}", "latest"],
  ),
  channelTags: opt.stringArray(
    "EINVALIDCHANNELTAGS",
    "Tag templates for releases on other channels (prereleases such as `beta`, or `next`).",
    ["{version}", "{channel}"],
  ),
  variants: opt.custom<ImageVariantOption[]>(
    'an array of `{ "suffix": "-alpine", "baseImage"?: "...", "user"?: "..." }` objects with distinct suffixes',
    parseVariants,
  )(
    "EINVALIDVARIANTS",
    "More images of the same binaries, built beside the main one (`oci` builder): each gets every tag with its `suffix` (`1.2.3-alpine`, `1.2-alpine`, `1-alpine`, `beta-alpine`), and `latest` becomes the suffix's name alone (`alpine`). `baseImage` and `user` replace the main image's.",
  ),
  credentials: opt.custom<Record<string, { usernameEnv: string; passwordEnv: string }>>(
    'an object such as `{"registry.example.com": {"usernameEnv": "REG_USER", "passwordEnv": "REG_TOKEN"}}`',
    (v) => parseRecord(v, "an object mapping registries to environment variable names", parseEnvPair),
  )(
    "EINVALIDCREDENTIALS",
    "Per registry, the names of the environment variables holding its username and password. Default: `GITHUB_TOKEN` for `ghcr.io`, `DOCKER_USERNAME`/`DOCKER_PASSWORD` elsewhere.",
  ),
  insecureRegistries: opt.stringArray(
    "EINVALIDINSECUREREGISTRIES",
    "Registries reached over plain HTTP (`localhost` and `127.0.0.1` always are).",
    [],
  ),
  licenses: opt.string(
    "EINVALIDLICENSES",
    "SPDX expression for the `org.opencontainers.image.licenses` annotation. Default: the workspace's `license`.",
  ),
  dockerfile: opt.string(
    "EINVALIDDOCKERFILE",
    "Dockerfile of the `buildx` builder, relative to the repository root.",
    "Dockerfile",
  ),
  context: opt.string(
    "EINVALIDCONTEXT",
    "Build context of the `buildx` builder, relative to the repository root.",
    ".",
  ),
  buildArgs: opt.custom<Record<string, string>>("an object of strings", (v) =>
    parseRecord(v, "an object of strings", parseText),
  )(
    "EINVALIDBUILDARGS",
    "Extra `--build-arg`s of the `buildx` builder; values may use the tag placeholders. `VERSION`, `REVISION` and `CREATED` are always passed.",
  ),
  provenance: opt.boolean("EINVALIDPROVENANCE", "`buildx`: attach a provenance attestation.", false),
  sbom: opt.boolean("EINVALIDSBOM", "`buildx`: attach an SBOM attestation.", false),
};
