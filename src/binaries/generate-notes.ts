import { hostTriple } from "./toolchain.js";
import { throwAll } from "../errors/get-error.js";
import { readManifest } from "../manifest/dist-manifest.js";
import { loadWorkspace } from "../cargo/workspace.js";
import { cwdOf } from "../plugin/context.js";
import type { Context, PluginConfig } from "../types.js";
import { releaseName, selectBins } from "./build-plan.js";
import { archiveSettings, expectedArchive } from "./archive-settings.js";
import { distDirOf, loadBinariesConfig } from "./setup.js";
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
 * this version (prebuilt or after prepare), else the expected archive names with "—". Reads only.
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
  const table =
    manifest && manifest.version === version
      ? renderArtifactTable(manifest)
      : renderRows(
          targets.map((t): ArtifactRow => ({
            file: expectedArchive(settings, { name: name, version, target: t.target }),
            target: t.target,
          })),
        );
  const example =
    targets.find((t) => !t.target.includes("windows"))?.target ?? (targets[0] as { target: string }).target;
  const vars = { name: name, version, target: example };
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
