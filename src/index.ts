/** The package's main entry: the `semantic-release-rust` plugin (Cargo versions), see `./cargo/index.ts`. */
export { verifyConditions, verifyRelease, prepare, success, fail } from "./cargo/index.js";
