import { catalogue, type ErrorCode, type ErrorArgs } from "./catalogue.js";
import { SemanticReleaseError } from "./semantic-release-error.js";
import type { OptionErrorCode } from "./options.js";

/** Turns a catalogue code and its arguments into a `SemanticReleaseError`. */
export function getError<C extends ErrorCode>(code: C, args: ErrorArgs<C>): SemanticReleaseError {
  const make = catalogue[code] as (a: ErrorArgs<C>) => { message: string; details: string };
  const { message, details } = make(args);
  return new SemanticReleaseError(message, code, details);
}

/** Throws one error as is, several as an `AggregateError` (how semantic-release reports verification). */
export function throwAll(errors: readonly Error[]): void {
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, errors.map((e) => e.message).join("\n"));
}

/** A bad option value as its `EINVALID<OPTION>` error, with `path` naming the bad field (`targets[2].builder`). */
export function optionError(
  plugin: string,
  problem: { code: OptionErrorCode; path: string; optionExpected: string; expected: string; value: unknown },
): SemanticReleaseError & { path: string } {
  const { code, path, optionExpected, expected, value } = problem;
  return Object.assign(getError(code, { plugin, path, optionExpected, expected, value }), { path });
}
