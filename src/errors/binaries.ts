/** Errors of `semantic-release-rust/binaries`. */
export const binariesErrors = {} as const;
