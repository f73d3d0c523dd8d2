/** Errors of archive packaging and checksums (`semantic-release-rust/binaries`). */
export const archivesErrors = {} as const;
