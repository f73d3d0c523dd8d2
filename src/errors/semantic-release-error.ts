/**
 * The error class semantic-release core recognises (`semanticRelease: true`): it prints the message and the
 * markdown details instead of a stack trace. Same shape as `@semantic-release/error`.
 */
export class SemanticReleaseError extends Error {
  readonly code: string;
  readonly details: string | undefined;
  readonly semanticRelease = true;
  /** For an `EINVALID<OPTION>` error, where the bad value is: `targets[2].builder`. */
  declare readonly path?: string;

  constructor(message: string, code: string, details?: string) {
    super(message);
    this.name = "SemanticReleaseError";
    this.code = code;
    this.details = details;
  }
}
