import { BINARIES_PLUGIN, DOCKER_PLUGIN } from "../plugins.js";
import { relative } from "node:path";
import { distDirOf, loadBinariesConfig } from "../binaries/config.js";
import { loadDockerConfig } from "../docker/config.js";
import { manifestPath, readManifest } from "../manifest/dist-manifest.js";
import { OciLayout } from "../oci/layout.js";
import type { DiskState } from "./plan.js";
import type { ResumeInput } from "./inputs.js";
import { listed } from "../config/release-config.js";

/** What the interrupted run left: the binaries' dist manifest and the docker plugin's OCI layout. Reads only. */
export async function readDiskState(input: ResumeInput): Promise<DiskState> {
  const { cwd, config, release } = input;
  const binaries = listed(config, BINARIES_PLUGIN)?.pluginConfig ?? config.globals;
  const distDir = distDirOf(loadBinariesConfig(binaries).config, cwd);
  // An unreadable manifest counts as missing: prepare rewrites it.
  const manifest = await readManifest(distDir).catch(() => undefined);
  const docker = listed(config, DOCKER_PLUGIN)?.pluginConfig ?? config.globals;
  const { layoutDir } = loadDockerConfig(docker, { cwd, env: input.env, logger: console });
  const image = await new OciLayout(layoutDir).resolve(release.version).catch(() => undefined);
  const rel = (p: string) => relative(cwd, p) || p;
  return {
    version: release.version,
    manifestPath: rel(manifestPath(distDir)),
    manifestVersion: manifest?.version,
    layoutDir: rel(layoutDir),
    layoutHasVersion: image !== undefined,
  };
}
