/** Errors of `semantic-release-rust/crates`. */
export const cratesErrors = {} as const;
