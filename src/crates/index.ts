/**
 * `semantic-release-rust/crates`: publishes the workspace's crates in dependency order. verifyConditions checks
 * the registry and its token, prepare runs `cargo package` before the tag is pushed, publish uploads.
 */
export { verifyConditions } from "./verify.js";
export { verifyRelease } from "./verify-release.js";
export { prepare } from "./prepare.js";
export { publish } from "./publish.js";
export { success } from "./success.js";
export { fail } from "./fail.js";
