import { hostTriple } from "./toolchain.js";
import { throwAll } from "../errors/get-error.js";
import { resolve } from "node:path";
import { readManifest } from "../manifest/dist-manifest.js";
import { findFragments } from "./collect-prebuilt.js";
import { loadWorkspace } from "../cargo/workspace.js";
import { cwdOf } from "../util/context.js";
import type { Context, PluginConfig } from "../types.js";
import { releaseName, selectBins } from "./plan.js";
import { archiveSettings, expectedArchive } from "./archive-settings.js";
import { distDirOf, loadBinariesConfig } from "./config.js";
import {
  githubDownloadBase,
  renderArtifactTable,
  renderInstallSection,
  renderRows,
  type ArtifactRow,
} from "./release-notes.js";
import { renderArchiveName } from "./archive-layout.js";

/**
 * Appends "Install" and the artifact table to the release notes. Uses `{distDir}/manifest.json` when it holds
 * this version (after prepare), else the expected archive names, with sizes and checksums from the `prebuilt`
 * folder's fragments of this version where there are some and "—" elsewhere. Reads only.
 */
export async function generateNotes(pluginConfig: PluginConfig, context: Context): Promise<string> {
  const { config, errors } = loadBinariesConfig(pluginConfig);
  throwAll(errors);
  const version = context.nextRelease?.version;
  if (!version) return "";
  const cwd = cwdOf(context);
  const workspace = await loadWorkspace({ cwd, env: context.env, manifestPath: config.manifestPath });
  const targets = config.targets ?? [{ target: await hostTriple({ cwd, env: context.env }) }];
  const { bins, packages } = selectBins(config, workspace);
  const name = releaseName(config, bins, packages);
  const settings = archiveSettings(config);
  const manifest = await readManifest(distDirOf(config, cwd));
  const prebuilt = config.prebuilt ? await findFragments(resolve(cwd, config.prebuilt)) : [];
  const built = prebuilt.filter((f) => f.manifest.version === version).flatMap((f) => f.manifest.artifacts);
  const table =
    manifest && manifest.version === version
      ? renderArtifactTable(manifest)
      : renderRows(
          targets.map((t): ArtifactRow => {
            const file = expectedArchive(settings, { name, version, target: t.target });
            const known = built.find((a) => a.kind === "archive" && a.path === file);
            return { file, target: t.target, ...(known ? { size: known.size, sha256: known.sha256 } : {}) };
          }),
        );
  const example =
    targets.find((t) => !t.target.includes("windows"))?.target ?? (targets[0] as { target: string }).target;
  const vars = { name, version, target: example };
  const install = renderInstallSection({
    file: expectedArchive(settings, vars),
    topDir: renderArchiveName(settings.archiveName, vars),
    format: settings.formatFor(example),
    binary: bins[0]?.name ?? name,
    ...withBase(githubDownloadBase(context.options?.repositoryUrl, context.nextRelease?.gitTag)),
  });
  return `${install}\n\n${table}\n`;
}

const withBase = (downloadBase: string | undefined) => (downloadBase ? { downloadBase } : {});
