/**
 * A tiny schema language: every option is declared once with its type, default and description.
 * The same declaration gives the TypeScript type (`ConfigOf`), the defaults and validation (`resolveOptions`)
 * and the README option tables (`scripts/options-table.ts`).
 */
export interface Option<T> {
  /** What the README says about the option. */
  description: string;
  /** What a valid value looks like, in words ("a string", "an array of target triples"). */
  expected: string;
  /** The default, or undefined when the option is unset by default. */
  default: T | undefined;
  /** Returns the parsed value, or `undefined` when the value is not valid. */
  parse(value: unknown): T | undefined;
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

function option<T>(expected: string, parse: (v: unknown) => T | undefined) {
  function make(description: string): Option<T> & { default: undefined };
  function make(description: string, def: T): Option<T> & { default: T };
  function make(description: string, def?: T): Option<T> {
    return { description, expected, default: def, parse };
  }
  return make;
}

const isStringArray = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((x) => typeof x === "string" && x.length > 0);

export const opt = {
  string: option<string>("a non-empty string", (v) =>
    typeof v === "string" && v.length > 0 ? v : undefined,
  ),
  boolean: option<boolean>("true or false", (v) => (typeof v === "boolean" ? v : undefined)),
  positiveInt: option<number>("a positive integer", (v) =>
    typeof v === "number" && Number.isInteger(v) && v > 0 ? v : undefined,
  ),
  stringArray: option<string[]>("an array of non-empty strings", (v) =>
    isStringArray(v) ? v : typeof v === "string" && v.length > 0 ? [v] : undefined,
  ),
  oneOf<const T extends string>(values: readonly T[]) {
    return option<T>(`one of ${values.map((v) => `"${v}"`).join(", ")}`, (v) =>
      typeof v === "string" && (values as readonly string[]).includes(v) ? (v as T) : undefined,
    );
  },
  /** An option with its own parser, for structured values. */
  custom<T>(expected: string, parse: (v: unknown) => T | undefined) {
    return option<T>(expected, parse);
  },
};

export interface OptionProblem {
  name: string;
  expected: string;
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
    const parsed = spec.parse(raw);
    if (parsed !== undefined) config[name] = parsed;
    else {
      problems.push({ name, expected: spec.expected, value: raw });
      // Keep checking the rest with the default, so one run reports every problem.
      if (spec.default !== undefined) config[name] = structuredClone(spec.default);
    }
  }
  return { config: config as ConfigOf<S>, problems };
}
