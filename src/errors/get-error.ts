import { catalogue, type ErrorCode, type ErrorArgs } from "./catalogue.js";
import { SemanticReleaseError } from "./semantic-release-error.js";

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

/** `EINVALID<OPTION>`, e.g. `EINVALIDMANIFESTPATH` for `manifestPath`. */
export function invalidOptionError(
  plugin: string,
  problem: { name: string; expected: string; value: unknown },
) {
  const { message, details } = catalogue.EINVALIDOPTION({ plugin, ...problem });
  return new SemanticReleaseError(message, `EINVALID${problem.name.toUpperCase()}`, details);
}
