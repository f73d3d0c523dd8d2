/**
 * A tiny schema language: every option is declared once with its error code, type, default and description.
 * The same declaration gives the TypeScript type (`ConfigOf`), the defaults and validation (`resolveOptions`)
 * and the README option tables (`scripts/options-table.ts`).
 */
import type { OptionErrorCode } from "../errors/options.js";

/** Where a bad value sits inside an option: `["targets", 2, "builder"]` is `targets[2].builder`. */
type Path = readonly (string | number)[];

/** What a parser returns for a bad value: where it is (relative to the value parsed) and what was expected. */
export class Invalid {
  constructor(
    readonly path: Path,
    readonly expected: string,
    readonly value: unknown,
  ) {}
}

/** A bad value here; a nested parser's result is moved under its key with `under`. */
export const invalid = (expected: string, value: unknown): Invalid => new Invalid([], expected, value);

/** A nested parser's result, a problem being prefixed with the key it was found under. */
export function under<T>(key: string | number, result: T | Invalid): T | Invalid {
  return result instanceof Invalid
    ? new Invalid([key, ...result.path], result.expected, result.value)
    : result;
}

/** `targets[2].builder`, `crates.rgreet.features[0]`, `credentials["ghcr.io"].passwordEnv`. */
function formatPath(path: Path): string {
  return path
    .map((key, i) => {
      if (typeof key === "number") return `[${key}]`;
      if (/^[A-Za-z_$][\w$]*$/.test(key)) return i === 0 ? key : `.${key}`;
      return `[${JSON.stringify(key)}]`;
    })
    .join("");
}

export interface Option<T> {
  /** The code of the error a bad value raises (`EINVALIDTARGETS`), one literal catalogue entry per option name. */
  code: OptionErrorCode;
  /** What the README says about the option. */
  description: string;
  /** What a valid value looks like, in words ("a string", "an array of target triples"). */
  expected: string;
  /** The default, or undefined when the option is unset by default. */
  default: T | undefined;
  /**
   * Returns the parsed value; for a bad value `undefined` (the whole value is wrong) or an `Invalid` that says
   * which part is wrong.
   */
  parse(value: unknown): T | Invalid | undefined;
}

export type Schema = Record<string, Option<unknown>>;

type ValueOf<O> = O extends Option<infer T> ? T : never;
type HasDefault<O> = O extends { default: undefined } ? false : true;

/** The resolved config type of a schema: options with a default are always present. */
export type ConfigOf<S extends Schema> = {
  [K in keyof S as HasDefault<S[K]> extends true ? K : never]: ValueOf<S[K]>;
} & {
  [K in keyof S as HasDefault<S[K]> extends true ? never : K]?: ValueOf<S[K]>;
};

function option<T>(expected: string, parse: (v: unknown) => T | Invalid | undefined) {
  function make(code: OptionErrorCode, description: string): Option<T> & { default: undefined };
  function make(code: OptionErrorCode, description: string, def: T): Option<T> & { default: T };
  function make(code: OptionErrorCode, description: string, def?: T): Option<T> {
    return { code, description, expected, default: def, parse };
  }
  return make;
}

const NON_EMPTY = "a non-empty string";

/** A non-empty string, or `Invalid`. */
export const parseString = (v: unknown): string | Invalid =>
  typeof v === "string" && v.length > 0 ? v : invalid(NON_EMPTY, v);

/**
 * The one string-list check: an array of non-empty strings (a bad item is reported at its index); with `single`
 * a lone string is a one-item list, with `allowEmpty` items may be `""` (command-line arguments).
 */
export function parseStrings(v: unknown, { single = false, allowEmpty = false } = {}): string[] | Invalid {
  if (single && typeof v === "string" && v.length > 0) return [v];
  if (!Array.isArray(v))
    return invalid(allowEmpty ? "an array of strings" : "an array of non-empty strings", v);
  const bad = v.findIndex((x) => typeof x !== "string" || (!allowEmpty && x.length === 0));
  return bad < 0 ? (v as string[]) : under(bad, invalid(allowEmpty ? "a string" : NON_EMPTY, v[bad]));
}

/** A plain object (not an array, not null), or `Invalid`. */
export const parseObject = (v: unknown, expected: string): Record<string, unknown> | Invalid =>
  typeof v === "object" && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : invalid(expected, v);

/** The first key of `o` not in `known`, reported where it is. */
export function unknownKey(o: Record<string, unknown>, known: readonly string[]): Invalid | undefined {
  const key = Object.keys(o).find((k) => !known.includes(k));
  return key === undefined
    ? undefined
    : under(key, invalid(`no \`${key}\` field (known: ${known.map((k) => `\`${k}\``).join(", ")})`, o[key]));
}

export const opt = {
  string: option<string>(NON_EMPTY, parseString),
  boolean: option<boolean>("true or false", (v) => (typeof v === "boolean" ? v : undefined)),
  positiveInt: option<number>("a positive integer", (v) =>
    typeof v === "number" && Number.isInteger(v) && v > 0 ? v : undefined,
  ),
  stringArray: option<string[]>("an array of non-empty strings", (v) => parseStrings(v, { single: true })),
  oneOf<const T extends string>(values: readonly T[]) {
    return option<T>(`one of ${values.map((v) => `"${v}"`).join(", ")}`, (v) =>
      typeof v === "string" && (values as readonly string[]).includes(v) ? (v as T) : undefined,
    );
  },
  /** An option with its own parser, for structured values. */
  custom<T>(expected: string, parse: (v: unknown) => T | Invalid | undefined) {
    return option<T>(expected, parse);
  },
};

interface OptionProblem {
  /** The option (`targets`). */
  name: string;
  /** Its error code (`EINVALIDTARGETS`). */
  code: OptionErrorCode;
  /** Where the bad value is: `targets[2].builder`, or just `targets`. */
  path: string;
  /** What the option takes, as a whole. */
  optionExpected: string;
  /** What was expected at `path`. */
  expected: string;
  /** The bad value at `path`. */
  value: unknown;
}

/**
 * Applies defaults and validates the keys the schema knows. Unknown keys are ignored: semantic-release merges
 * its global options (branches, repositoryUrl, ...) into every plugin's config.
 */
export function resolveOptions<S extends Schema>(
  schema: S,
  input: Record<string, unknown>,
): { config: ConfigOf<S>; problems: OptionProblem[] } {
  const config: Record<string, unknown> = {};
  const problems: OptionProblem[] = [];
  for (const [name, spec] of Object.entries(schema)) {
    const raw = input[name];
    if (raw === undefined || raw === null) {
      if (spec.default !== undefined) config[name] = structuredClone(spec.default);
      continue;
    }
    const parsed = under(name, spec.parse(raw) ?? invalid(spec.expected, raw));
    if (!(parsed instanceof Invalid)) config[name] = parsed;
    else {
      const { path, expected, value } = parsed;
      problems.push({
        name,
        code: spec.code,
        path: formatPath(path),
        optionExpected: spec.expected,
        expected,
        value,
      });
      // Keep checking the rest with the default, so one run reports every problem.
      if (spec.default !== undefined) config[name] = structuredClone(spec.default);
    }
  }
  return { config: config as ConfigOf<S>, problems };
}
