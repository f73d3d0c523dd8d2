/** Where the README documents things; error details link here. */
export const README = "https://github.com/semantic-release-rust/semantic-release-rust/blob/main/README.md";
export const link = (anchor: string): string => `${README}#${anchor}`;
