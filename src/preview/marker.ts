/**
 * The hidden marker that finds the preview's one comment again. A module of its own so that rendering the
 * markdown does not load the GitHub client of `comment.ts`.
 */
export const MARKER = "<!-- semantic-release-rust:preview -->";
