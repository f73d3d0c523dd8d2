import { opt } from "../define.js";

/** The provenance option of `semantic-release-rust/binaries`. */
export const provenanceOptions = {
  provenance: opt.boolean(
    "EINVALIDPROVENANCE",
    "Write `provenance.intoto.json`, an in-toto statement with an SLSA v1 provenance predicate: its subjects are the sha256 of every archive; it names the source commit and tag, the workflow (`GITHUB_WORKFLOW_REF`) as builder and the run. Signed like the archives (Sigstore: a DSSE bundle `provenance.intoto.json.sigstore.json`), listed in `dist/manifest.json` (kind `provenance`) and uploaded. Default: on when `sign` has a method.",
  ),
};
