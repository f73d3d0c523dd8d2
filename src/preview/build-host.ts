import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setVersion } from "../cargo/set-version.js";
import { targetConfig } from "../cli/build.js";
import type { ReleaseConfig } from "../config/release-config.js";
import { throwAll } from "../errors/get-error.js";
import { buildRelease } from "../binaries/build-release.js";
import { withoutCodesign } from "../binaries/codesign.js";
import { loadPlan } from "../binaries/config.js";
import { planErrors } from "../binaries/plan.js";
import { hostTriple } from "../binaries/toolchain.js";
import { MANIFEST_SCHEMA_VERSION, type DistManifest } from "../manifest/dist-manifest.js";
import type { Logger } from "../types.js";
import { exec } from "../util/exec.js";

interface BuildHostRequest {
  cwd: string;
  env: NodeJS.ProcessEnv;
  rc: ReleaseConfig;
  /** The version the release would build (the next version). */
  version: string;
  logger: Logger;
  stdout: NodeJS.WritableStream;
}

/**
 * A clone of `HEAD` in a temp folder, sharing the repository's objects (`git clone --shared`: nothing is written
 * in the repository); returns the clone's folder matching `cwd`.
 */
async function cloneHead(cwd: string, env: NodeJS.ProcessEnv, into: string): Promise<string> {
  const git = async (args: string[], dir = cwd) => (await exec("git", args, { cwd: dir, env })).stdout.trim();
  const [top, prefix, head] = await Promise.all([
    git(["rev-parse", "--show-toplevel"]),
    git(["rev-parse", "--show-prefix"]),
    git(["rev-parse", "--verify", "HEAD"]),
  ]);
  await git(["clone", "--quiet", "--shared", "--no-checkout", top, into]);
  await git(["-c", "advice.detachedHead=false", "checkout", "--quiet", "--detach", head], into);
  return join(into, prefix);
}

/**
 * `preview --build`: builds and packages the host target as `semantic-release-rust build` does (the binaries
 * plugin's own entry for the target, its build and archive code) at `version`, in a temp clone of `HEAD` with a
 * temp dist folder, so the working tree and `dist/` are never touched. Returns the manifest of what it made.
 */
export async function buildHost(r: BuildHostRequest): Promise<DistManifest> {
  const tmp = await mkdtemp(join(tmpdir(), "srr-preview-build-"));
  try {
    const cwd = await cloneHead(r.cwd, r.env, join(tmp, "repo"));
    const target = await hostTriple({ cwd, env: r.env });
    const distDir = join(tmp, "dist");
    const { config: signed, errors } = targetConfig(r.rc, { target, dist: distDir });
    throwAll(errors);
    // Pull requests get no signing secrets: the preview builds unsigned binaries.
    const config = withoutCodesign(signed);
    const { plan, workspace } = await loadPlan(config, { cwd, env: r.env });
    throwAll(planErrors(plan.problems));
    const { manifestPath, packages } = config;
    await setVersion({ cwd, env: r.env, manifestPath, packages, version: r.version, logger: r.logger });
    const { artifacts, gitHead } = await buildRelease({
      ...{ config, plan, version: r.version, cwd, workspace, distDir },
      ...{ env: r.env, logger: r.logger, stdout: r.stdout },
    });
    return { schemaVersion: MANIFEST_SCHEMA_VERSION, version: r.version, gitHead, artifacts };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
