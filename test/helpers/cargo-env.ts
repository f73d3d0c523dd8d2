import { tmpdir } from "node:os";
import { join } from "node:path";

/** One cargo target dir shared by every test of a run, so each fixture builds once. */
export const sharedTargetDir = process.env.SRR_CARGO_TARGET_DIR ?? join(tmpdir(), "srr-cargo-target");
