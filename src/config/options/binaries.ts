import { opt, type ConfigOf } from "../define.js";
import { fileNameProblem } from "../templates.js";
import { sharedOptions } from "./shared.js";
import { archivesOptions } from "./archives.js";

export const BUILDERS = ["cargo", "cross", "cargo-zigbuild", "cargo-xwin"] as const;
export type BuilderName = (typeof BUILDERS)[number];
export type BuilderChoice = BuilderName | "auto";

/** One entry of `targets`: a triple, or a triple with its own builder, features and profile. */
export interface TargetOption {
  target: string;
  builder?: BuilderChoice;
  features?: string[];
  profile?: string;
}

const TRIPLE = /^[a-z0-9_.]+(-[a-z0-9_.]+){1,3}$/;
const isBuilder = (v: unknown): v is BuilderChoice =>
  v === "auto" || (BUILDERS as readonly unknown[]).includes(v);
const isStrings = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((s) => typeof s === "string" && s !== "");

function parseTarget(v: unknown): TargetOption | undefined {
  if (typeof v === "string") return TRIPLE.test(v) ? { target: v } : undefined;
  if (typeof v !== "object" || v === null || Array.isArray(v)) return undefined;
  const o = v as Record<string, unknown>;
  if (typeof o.target !== "string" || !TRIPLE.test(o.target)) return undefined;
  if (Object.keys(o).some((k) => !["target", "builder", "features", "profile"].includes(k))) return undefined;
  if (o.builder !== undefined && !isBuilder(o.builder)) return undefined;
  if (o.features !== undefined && !isStrings(o.features)) return undefined;
  if (o.profile !== undefined && (typeof o.profile !== "string" || o.profile === "")) return undefined;
  return { ...o, target: o.target } as TargetOption;
}

function parseTargets(v: unknown): TargetOption[] | undefined {
  const items = Array.isArray(v) ? v : [v];
  const parsed = items.map(parseTarget);
  if (parsed.length === 0 || parsed.some((t) => t === undefined)) return undefined;
  const names = parsed.map((t) => (t as TargetOption).target);
  return new Set(names).size === names.length ? (parsed as TargetOption[]) : undefined;
}

export type SmokeTestOption = false | { args: string[] };
function parseSmokeTest(v: unknown): SmokeTestOption | undefined {
  if (v === false) return false;
  if (v === true) return { args: ["--version"] };
  if (typeof v === "object" && v !== null && !Array.isArray(v)) {
    const args = (v as { args?: unknown }).args;
    if (args === undefined) return { args: ["--version"] };
    if (Array.isArray(args) && args.every((a) => typeof a === "string")) return { args };
  }
  return undefined;
}

/** Options of `semantic-release-rust/binaries` (builds and archives). */
export const binariesOptions = {
  ...sharedOptions,
  ...archivesOptions,
  targets: opt.custom<TargetOption[]>(
    'an array of distinct target triples or `{ "target", "builder", "features", "profile" }` objects',
    parseTargets,
  )(
    "Target triples to build, or objects `{ target, builder, features, profile }`. Default: the host target.",
  ),
  builder: opt.oneOf(["auto", ...BUILDERS] as const)(
    "How targets are built when the target does not say: `cargo` (your toolchain and linker config), `cross`, `cargo-zigbuild`, `cargo-xwin`, or `auto` (cargo for the host, else an installed builder that can build the triple).",
    "auto",
  ),
  profile: opt.string(
    "Cargo profile of the builds (`release` builds with `--release`, others with `--profile`).",
    "release",
  ),
  features: opt.stringArray(
    "Cargo features enabled in every build (a target's own `features` replace them).",
  ),
  locked: opt.boolean("Build with `--locked` (Cargo.lock must be up to date).", true),
  packages: opt.stringArray(
    "Release packages whose binaries are built, as in `semantic-release-rust`. Default: the same selection.",
  ),
  bins: opt.stringArray(
    "Names of the binaries to ship. Default: every `bin` target of the release packages.",
  ),
  name: opt.custom<string>(
    "a plain file name: not empty, no `/`, `\\`, `..`, line breaks or control characters",
    (v) => (typeof v === "string" && !fileNameProblem(v) ? v : undefined),
  )("Name used in archive names. Default: the package that owns the first binary."),
  smokeTest: opt.custom<SmokeTestOption>('false, true or `{ "args": [...] }`', parseSmokeTest)(
    "Run binaries that can run on the build machine with these arguments (default `--version`); the output must contain the release version.",
    { args: ["--version"] },
  ),
  buildConcurrency: opt.positiveInt(
    "How many cargo invocations (builder/feature/profile groups) run at once.",
    1,
  ),
  prebuilt: opt.string(
    "Folder holding the outputs of `semantic-release-rust build --target ...` matrix jobs; prepare collects them instead of building.",
  ),
};

export type BinariesConfig = ConfigOf<typeof binariesOptions>;
