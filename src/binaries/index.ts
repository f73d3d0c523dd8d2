/** `semantic-release-rust/binaries`: builds, smoke-tests and packages the release's binaries for every target. */
export { verifyConditions } from "./verify.js";
export { verifyRelease } from "./verify-release.js";
export { prepare } from "./prepare.js";
export { generateNotes } from "./generate-notes.js";
export { success } from "./success.js";
export { fail } from "./fail.js";
