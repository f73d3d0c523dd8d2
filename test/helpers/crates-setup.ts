import { testContext } from "./context.js";
import { sharedTargetDir } from "./cargo-env.js";
import { initExamplesRepo, removeRepo, type TestRepo } from "./git-utils.js";
import { startCratesSandbox, type CratesSandbox } from "../stand-ins/crates-env.js";
import type { CratesRegistryOptions } from "../stand-ins/crates-registry.js";

export interface CratesSetup {
  repo: TestRepo;
  sandbox: CratesSandbox;
  ctx: ReturnType<typeof testContext>;
}

/**
 * An examples/ repo and a registry stand-in (named `local` unless `name` says otherwise) with a plugin context
 * whose env reaches it; what to undo goes into `cleanups`.
 */
export async function cratesSetup(
  cleanups: (() => Promise<void>)[],
  o: CratesRegistryOptions & { name?: string } = {},
): Promise<CratesSetup> {
  const sandbox = await startCratesSandbox(o);
  const repo = await initExamplesRepo();
  cleanups.push(sandbox.stop, () => removeRepo(repo));
  const ctx = testContext(repo.cwd, {
    env: { ...process.env, CARGO_TARGET_DIR: sharedTargetDir, ...sandbox.env },
  });
  return { repo, sandbox, ctx };
}

/** `name@version` of every crate the stand-in holds, in upload order. */
export const storedNames = (s: CratesSandbox): string[] =>
  s.registry.crates().map((c) => `${c.name}@${c.vers}`);
