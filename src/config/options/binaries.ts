import {
  Invalid,
  invalid,
  opt,
  parseObject,
  parseString,
  parseStrings,
  under,
  unknownKey,
  type ConfigOf,
} from "../define.js";
import { plainFileName, sharedOptions } from "./shared.js";
import { archivesOptions } from "./archives.js";
import {
  INCREASE_EXPECTED,
  MAX_SIZE_EXPECTED,
  parseMaxSize,
  parseMaxSizeIncrease,
  type SizeLimits,
} from "../../sizes/limits.js";
import { NOTES_EXPECTED, parseNotesOption, type NotesOption } from "../../binaries/notes-sections.js";
import { signOptions } from "./sign.js";
import {
  CODESIGN_EXPECTED,
  parseCodesign,
  parseCodesignCommand,
  type CodesignCommand,
  type CodesignOption,
} from "./codesign.js";
import { provenanceOptions } from "./provenance.js";

export const BUILDERS = ["cargo", "cross", "cargo-zigbuild", "cargo-xwin"] as const;
export type BuilderName = (typeof BUILDERS)[number];
export type BuilderChoice = BuilderName | "auto";

/** One entry of `targets`: a triple, or a triple with its own builder, features and profile. */
export interface TargetOption {
  target: string;
  builder?: BuilderChoice;
  features?: string[];
  profile?: string;
  /** The code-signing command of this target's binaries; `false`: none, even where the OS default has one. */
  codesign?: CodesignCommand | false;
}

const TRIPLE = /^[a-z0-9_.]+(-[a-z0-9_.]+){1,3}$/;
const TRIPLE_EXPECTED = "a target triple such as `x86_64-unknown-linux-gnu`";
const BUILDER_EXPECTED = `one of ${["auto", ...BUILDERS].map((b) => `"${b}"`).join(", ")}`;
const isBuilder = (v: unknown): v is BuilderChoice =>
  v === "auto" || (BUILDERS as readonly unknown[]).includes(v);

function parseTarget(v: unknown): TargetOption | Invalid {
  if (typeof v === "string") return TRIPLE.test(v) ? { target: v } : invalid(TRIPLE_EXPECTED, v);
  const o = parseObject(
    v,
    'a target triple or a `{ "target", "builder", "features", "profile", "codesign" }` object',
  );
  if (o instanceof Invalid) return o;
  if (typeof o.target !== "string" || !TRIPLE.test(o.target))
    return under("target", invalid(TRIPLE_EXPECTED, o.target));
  const unknown = unknownKey(o, ["target", "builder", "features", "profile", "codesign"]);
  if (unknown) return unknown;
  if (o.builder !== undefined && !isBuilder(o.builder))
    return under("builder", invalid(BUILDER_EXPECTED, o.builder));
  const features = o.features === undefined ? undefined : under("features", parseStrings(o.features));
  if (features instanceof Invalid) return features;
  const profile = o.profile === undefined ? undefined : under("profile", parseString(o.profile));
  if (profile instanceof Invalid) return profile;
  const codesign =
    o.codesign === undefined || o.codesign === false
      ? o.codesign
      : under("codesign", parseCodesignCommand(o.codesign));
  if (codesign instanceof Invalid) return codesign;
  return { ...o, target: o.target } as TargetOption;
}

function parseTargets(v: unknown): TargetOption[] | Invalid {
  const items = Array.isArray(v) ? v : [v];
  if (items.length === 0) return invalid("at least one target", v);
  const parsed: TargetOption[] = [];
  for (const [i, item] of items.entries()) {
    const t = under(i, parseTarget(item));
    if (t instanceof Invalid) return Array.isArray(v) ? t : new Invalid(t.path.slice(1), t.expected, t.value);
    if (parsed.some((p) => p.target === t.target))
      return under(i, invalid("a target not listed before", item));
    parsed.push(t);
  }
  return parsed;
}

export type SmokeTestOption = false | { args: string[] };
function parseSmokeTest(v: unknown): SmokeTestOption | Invalid | undefined {
  if (v === false) return false;
  if (v === true) return { args: ["--version"] };
  if (typeof v !== "object" || v === null || Array.isArray(v)) return undefined;
  const args = (v as { args?: unknown }).args;
  if (args === undefined) return { args: ["--version"] };
  const parsed = under("args", parseStrings(args, { allowEmpty: true }));
  return parsed instanceof Invalid ? parsed : { args: parsed };
}

/** Options of `semantic-release-rust/binaries` (builds and archives). */
export const binariesOptions = {
  ...sharedOptions,
  ...archivesOptions,
  targets: opt.custom<TargetOption[]>(
    'an array of distinct target triples or `{ "target", "builder", "features", "profile", "codesign" }` objects',
    parseTargets,
  )(
    "EINVALIDTARGETS",
    "Target triples to build, or objects `{ target, builder, features, profile, codesign }` (`codesign` as in the `codesign` option, or `false`). Default: the host target.",
  ),
  builder: opt.oneOf(["auto", ...BUILDERS] as const)(
    "EINVALIDBUILDER",
    "How targets are built when the target does not say: `cargo` (your toolchain and linker config), `cross`, `cargo-zigbuild`, `cargo-xwin`, or `auto` (cargo for the host, else an installed builder that can build the triple).",
    "auto",
  ),
  profile: opt.string(
    "EINVALIDPROFILE",
    "Cargo profile of the builds (`release` builds with `--release`, others with `--profile`).",
    "release",
  ),
  features: opt.stringArray(
    "EINVALIDFEATURES",
    "Cargo features enabled in every build (a target's own `features` replace them).",
  ),
  locked: opt.boolean("EINVALIDLOCKED", "Build with `--locked` (Cargo.lock must be up to date).", true),
  packages: opt.stringArray(
    "EINVALIDPACKAGES",
    "Release packages whose binaries are built, as in `semantic-release-rust`. Default: the same selection.",
  ),
  bins: opt.stringArray(
    "EINVALIDBINS",
    "Names of the binaries to ship. Default: every `bin` target of the release packages.",
  ),
  name: plainFileName(
    "EINVALIDNAME",
    "Name used in archive names. Default: the package that owns the first binary.",
  ),
  smokeTest: opt.custom<SmokeTestOption>('false, true or `{ "args": [...] }`', parseSmokeTest)(
    "EINVALIDSMOKETEST",
    "Run binaries that can run on the build machine with these arguments (default `--version`); the output must contain the release version.",
    { args: ["--version"] },
  ),
  buildConcurrency: opt.positiveInt(
    "EINVALIDBUILDCONCURRENCY",
    "How many cargo invocations (builder/feature/profile groups) run at once.",
    1,
  ),
  snapshotTargets: opt.custom<string[]>("an array of target triples", (v) => {
    const list = parseStrings(v, { single: true });
    if (list instanceof Invalid) return list;
    const bad = list.findIndex((t) => !TRIPLE.test(t));
    return bad < 0 ? list : under(bad, invalid(TRIPLE_EXPECTED, list[bad]));
  })(
    "EINVALIDSNAPSHOTTARGETS",
    "The targets `semantic-release-rust snapshot` builds (dev builds of the current commit, such as only the Linux ones), with the builder, features and profile `targets` gives them. Default: every target of `targets`.",
  ),
  prebuilt: opt.string(
    "EINVALIDPREBUILT",
    "Folder holding the outputs of `semantic-release-rust build --target ...` matrix jobs; prepare collects them instead of building.",
  ),
  maxSizeIncrease: opt.custom<NonNullable<SizeLimits["maxSizeIncrease"]>>(
    INCREASE_EXPECTED,
    parseMaxSizeIncrease,
  )(
    "EINVALIDMAXSIZEINCREASE",
    'How much each binary and archive may grow against the same artifact of the last release (read from its `manifest.json` asset): bytes (`"5 MB"` is 5,000,000, `"5 MiB"` 5,242,880), a percentage (`"10%"`), or both (`["5 MB", "10%"]`, both must hold); per kind as `{ "binary": ..., "archive": ... }`. Over it, prepare fails with `ESIZEINCREASE` before the tag. Without a previous manifest the check is skipped with a warning.',
  ),
  maxSize: opt.custom<NonNullable<SizeLimits["maxSize"]>>(MAX_SIZE_EXPECTED, parseMaxSize)(
    "EINVALIDMAXSIZE",
    'Largest binary, archive and image (per platform, the sum of its compressed layers), such as `{ "binary": "30 MB", "image": "50 MB" }`. Over it, prepare (binaries; docker for images) fails with `EMAXSIZE` before the tag.',
  ),
  notes: opt.custom<NotesOption>(NOTES_EXPECTED, parseNotesOption)(
    "EINVALIDNOTES",
    "The sections added to the release notes, in order, or the path of a markdown template whose `{section}` placeholders are replaced (`{install}`, `{version}`, ...). Default: every section that has content.",
  ),
  notesInGenerateNotes: opt.boolean(
    "EINVALIDNOTESINGENERATENOTES",
    "Add the sections in generateNotes (so `@semantic-release/changelog` writes them too) even when `semantic-release-rust/github` is listed. Default: that plugin puts them into the GitHub release body, with the real sizes and hashes.",
    false,
  ),
  ...signOptions,
  codesign: opt.custom<CodesignOption>(CODESIGN_EXPECTED, parseCodesign)(
    "EINVALIDCODESIGN",
    "Code signing of the binaries, per OS of the target (`windows`, `macos`, `linux`). The command runs once per binary after the build, before the smoke test and packaging, in the repository root; `{binary}` is the binary, and a tool that writes a new file (osslsigncode's `-out`) writes it to `{signed}`, which then replaces the binary. Secrets stay in the environment, which the command reads. A target's own `codesign` (in `targets`, or `false`) replaces its OS's. Manifests and checksums hold the signed bytes.",
  ),
  ...provenanceOptions,
  sbom: opt.boolean(
    "EINVALIDSBOM",
    "Write a CycloneDX 1.6 SBOM `{archive}.cdx.json` beside every archive, from cargo's resolved dependency graph of that target and its features (normal dependencies, versions and checksums from `Cargo.lock`, package URLs, licenses); listed in `dist/manifest.json` and uploaded as assets.",
    true,
  ),
};

export type BinariesConfig = ConfigOf<typeof binariesOptions>;
