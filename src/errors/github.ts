/** Errors of `semantic-release-rust/github`. */
export const githubErrors = {} as const;
