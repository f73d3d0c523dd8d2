/**
 * `semantic-release-rust/docker`: a multi-arch image of the release's binaries. verifyConditions checks every
 * registry's credentials, prepare builds into `{distDir}/oci`, publish pushes and addChannel moves channel tags.
 */
export { verifyConditions } from "./verify.js";
export { verifyRelease } from "./verify-release.js";
export { prepare } from "./prepare.js";
export { publish, addChannel } from "./publish.js";
export { success } from "./success.js";
export { fail } from "./fail.js";
