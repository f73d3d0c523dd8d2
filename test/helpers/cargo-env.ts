import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A cargo target dir shared by the test files that run one after another in the same vitest worker, so each
 * fixture builds about once; files running at the same time (other workers) never share one, so one file's
 * build cannot overwrite another's binary between its build and its packaging.
 */
export const sharedTargetDir = join(
  process.env.SRR_CARGO_TARGET_DIR ?? join(tmpdir(), "srr-cargo-target"),
  `worker-${process.env.VITEST_POOL_ID ?? "0"}`,
);
