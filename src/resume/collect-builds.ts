import { BINARIES_PLUGIN } from "../plugins.js";
import { resolve } from "node:path";
import { loadWorkspace } from "../cargo/workspace.js";
import { gatherFragments, type Fragment } from "../binaries/collect-prebuilt.js";
import { distDirOf, loadBinariesConfig } from "../binaries/config.js";
import { expectedTargets } from "../binaries/expected-targets.js";
import { hostTriple } from "../binaries/toolchain.js";
import type { BinariesConfig } from "../config/options/binaries.js";
import { listed } from "../config/release-config.js";
import { getError, throwAll } from "../errors/get-error.js";
import type { SemanticReleaseError } from "../errors/semantic-release-error.js";
import type { ResumeInput } from "./inputs.js";
import { runExtracted } from "./run-extracted.js";

/** Every target's checked build, ready to be copied into `distDir`. */
export interface CollectedBuilds {
  chosen: Fragment[];
  config: BinariesConfig;
  distDir: string;
}

/**
 * Collects the `build --tag` outputs under `from` and checks them before anything is published: every configured
 * target present (`EFINISHTARGETS`), built from the tag's commit at its version (`EFINISHCOMMIT`), every file
 * with its recorded SHA-256 (`EFINISHCHECKSUM`), each archive that runs here extracted and its binaries run
 * (`EFINISHSMOKETEST`); `finish` runs the size gate once the manifest is written. Every problem is reported at once. Copies and writes nothing.
 */
export async function collectBuilds(
  input: ResumeInput,
  from: string,
  log: (line: string) => void,
): Promise<CollectedBuilds> {
  const { cwd, env, release } = input;
  const entry = listed(input.config, BINARIES_PLUGIN);
  if (!entry) throw getError("ERESUMECONFIG", { reason: `${input.config.file} lists no ${BINARIES_PLUGIN}` });
  const { config, errors } = loadBinariesConfig(entry.pluginConfig);
  throwAll(errors);
  const workspace = await loadWorkspace({ cwd, env, manifestPath: config.manifestPath });
  const expected = await expectedTargets(config, workspace, { cwd, env, version: release.version });
  const dir = resolve(cwd, from);
  const { chosen, problems } = await gatherFragments({
    dir,
    version: release.version,
    commit: release.gitHead,
    expected,
  });
  const found: SemanticReleaseError[] = [];
  const { gitTag: tag, gitHead: commit } = release;
  if (problems.missing.length > 0)
    found.push(getError("EFINISHTARGETS", { dir, tag, problems: problems.missing }));
  if (problems.commit.length > 0)
    found.push(getError("EFINISHCOMMIT", { tag, commit, problems: problems.commit }));
  if (problems.checksum.length > 0) found.push(getError("EFINISHCHECKSUM", { problems: problems.checksum }));
  throwAll(found);
  const args = config.smokeTest === false ? undefined : config.smokeTest.args;
  if (args === undefined) log("Archives are not run: smokeTest is false");
  const host = await hostTriple({ cwd, env });
  const run = args
    ? await runExtracted(chosen, { version: release.version, commit, host, args, env, log })
    : [];
  throwAll([...(run.length > 0 ? [getError("EFINISHSMOKETEST", { problems: run })] : [])]);
  for (const f of chosen) log(`${f.target}: ${f.file} (${release.version} at ${commit.slice(0, 12)})`);
  return { chosen, config, distDir: distDirOf(config, cwd) };
}
