/**
 * `semantic-release-rust`: Cargo versions. Verifies the workspace and its version against the last release,
 * then bumps every manifest, requirement and Cargo.lock entry in prepare.
 */
export { verifyConditions } from "./verify.js";
export { verifyRelease } from "./verify-release.js";
export { prepare } from "./prepare.js";
export { success } from "./success.js";
export { fail } from "./fail.js";
