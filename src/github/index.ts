/**
 * `semantic-release-rust/github`: release assets streamed from disk, verified by digest, safe to re-run.
 * publish creates and fills the release (or returns `false` when @semantic-release/github, listed after, creates
 * it); success then uploads the assets publish deferred.
 */
export { verifyConditions } from "./verify.js";
export { verifyRelease } from "./verify-release.js";
export { publish } from "./publish.js";
export { addChannel } from "./add-channel.js";
export { success } from "./success.js";
export { fail } from "./fail.js";
