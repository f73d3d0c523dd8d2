/** Errors of `semantic-release-rust/docker`. */
export const dockerErrors = {} as const;
