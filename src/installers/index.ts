/** `semantic-release-rust/installers`: install.sh, install.ps1, a Homebrew formula, Scoop, winget and Chocolatey manifests from the release's archives. */
export { verifyConditions } from "./verify.js";
export { verifyRelease } from "./verify-release.js";
export { prepare } from "./prepare.js";
export { publish, success } from "./publish.js";
export { fail } from "./fail.js";
