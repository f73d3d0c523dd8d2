/** `semantic-release-rust/binaries`: builds, smoke-tests and packages the release's binaries for every target. */
export { verifyConditions } from "./verify.js";
export { prepare } from "./prepare.js";
export { generateNotes } from "./generate-notes.js";
export { verifyRelease } from "./preview.js";
