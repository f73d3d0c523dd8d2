import { BINARIES_PLUGIN, DOCKER_PLUGIN } from "../plugins.js";
import { relative } from "node:path";
import { distDirOf, loadBinariesConfig } from "../binaries/config.js";
import { loadDockerConfig } from "../docker/config.js";
import { manifestPath, readManifest } from "../manifest/dist-manifest.js";
import { OciLayout } from "../oci/layout.js";
import type { DiskState, DockerLayout } from "./plan.js";
import type { ResumeInput } from "./inputs.js";
import { listed } from "../config/release-config.js";

/** What the interrupted run left: the binaries' dist manifest and each docker entry's OCI layout. Reads only. */
export async function readDiskState(input: ResumeInput): Promise<DiskState> {
  const { cwd, config, release } = input;
  const binaries = listed(config, BINARIES_PLUGIN)?.pluginConfig ?? config.globals;
  const distDir = distDirOf(loadBinariesConfig(binaries).config, cwd);
  // An unreadable manifest counts as missing: prepare rewrites it.
  const manifest = await readManifest(distDir).catch(() => undefined);
  const rel = (p: string) => relative(cwd, p) || p;
  return {
    version: release.version,
    manifestPath: rel(manifestPath(distDir)),
    manifestVersion: manifest?.version,
    layouts: (await dockerLayouts(input)).map((l) => ({ ...l, dir: rel(l.dir) })),
  };
}

/** The OCI layout of every docker entry, in the listed order (the second entry's is `dist/oci-2`). */
async function dockerLayouts(input: ResumeInput): Promise<DockerLayout[]> {
  const { cwd, env, config, release } = input;
  const options = { plugins: config.plugins.map((p) => p.entry) };
  const entries = input.plugins.filter((p) => p.name === DOCKER_PLUGIN);
  return Promise.all(
    entries.map(async ({ pluginConfig }) => {
      const { layoutDir } = loadDockerConfig(pluginConfig, { cwd, env, logger: console, options });
      const image = await new OciLayout(layoutDir).resolve(release.version).catch(() => undefined);
      return { dir: layoutDir, hasVersion: image !== undefined };
    }),
  );
}
