import { hostTriple } from "./toolchain.js";
import { throwAll } from "../errors/get-error.js";
import { resolve } from "node:path";
import { readManifest } from "../manifest/dist-manifest.js";
import { findFragments } from "./collect-prebuilt.js";
import { loadWorkspace } from "../cargo/workspace.js";
import { cwdOf } from "../util/context.js";
import type { Context, PluginConfig } from "../types.js";
import { releaseName, selectBins } from "./plan.js";
import { archiveSettings, expectedArchive, formatOfFile } from "./archive-settings.js";
import { distDirOf, loadBinariesConfig } from "./config.js";
import type { BinariesConfig } from "../config/options/binaries.js";
import { githubDownloadBase, renderRows, type ArtifactRow } from "./release-notes.js";
import { renderArchiveName } from "./archive-layout.js";
import { notesDataOf, renderNotesSections, type NotesData } from "./notes-sections.js";
import { readNotesTemplate, sectionsInRelease } from "./notes-config.js";

/** The notes' data before the build: expected archive names, with sizes and hashes of `prebuilt` fragments. */
async function expectedData(config: BinariesConfig, context: Context, version: string): Promise<NotesData> {
  const cwd = cwdOf(context);
  const workspace = await loadWorkspace({ cwd, env: context.env, manifestPath: config.manifestPath });
  const targets = config.targets ?? [{ target: await hostTriple({ cwd, env: context.env }) }];
  const { bins, packages } = selectBins(config, workspace);
  const name = releaseName(config, bins, packages);
  const settings = archiveSettings(config);
  const prebuilt = config.prebuilt ? await findFragments(resolve(cwd, config.prebuilt)) : [];
  const built = prebuilt.filter((f) => f.manifest.version === version).flatMap((f) => f.manifest.artifacts);
  const archives = targets.map(({ target }) => {
    const file = expectedArchive(settings, { name, version, target });
    const known = built.find((a) => a.kind === "archive" && a.path === file);
    const exe = target.includes("windows") ? ".exe" : "";
    return {
      file,
      target,
      format: settings.formatFor(target),
      topDir: renderArchiveName(settings.archiveName, { name, version, target }),
      binary: `${bins[0]?.name ?? name}${exe}`,
      ...(known ? { size: known.size, sha256: known.sha256 } : {}),
    };
  });
  const gitTag = context.nextRelease?.gitTag;
  const downloadBase = githubDownloadBase(context.options?.repositoryUrl, gitTag);
  return {
    version,
    ...(gitTag ? { gitTag } : {}),
    ...(downloadBase ? { downloadBase } : {}),
    archives,
    binaries: targets.flatMap(({ target }) => bins.map((b) => ({ name: b.name, target }))),
    table: renderRows(
      archives.map((a): ArtifactRow => ({
        file: a.file,
        target: a.target,
        ...(a.size === undefined ? {} : { size: a.size, sha256: a.sha256 }),
      })),
    ),
  };
}

/**
 * The binaries' release-notes sections (Install per platform, Verify, Binaries, ..., the artifact table), when
 * they go into the notes: without `semantic-release-rust/github` listed, or with `notesInGenerateNotes`.
 * Otherwise "" — that plugin puts them into the release body with the real sizes and hashes. Uses
 * `{distDir}/manifest.json` when it holds this version, else the expected archive names. Reads only.
 */
export async function generateNotes(pluginConfig: PluginConfig, context: Context): Promise<string> {
  const { config, errors } = loadBinariesConfig(pluginConfig);
  throwAll(errors);
  const version = context.nextRelease?.version;
  if (!version || sectionsInRelease(config, context)) return "";
  const cwd = cwdOf(context);
  const manifest = await readManifest(distDirOf(config, cwd));
  const gitTag = context.nextRelease?.gitTag;
  const downloadBase = githubDownloadBase(context.options?.repositoryUrl, gitTag);
  const data =
    manifest && manifest.version === version
      ? notesDataOf(manifest, {
          ...(gitTag ? { gitTag } : {}),
          ...(downloadBase ? { downloadBase } : {}),
          formatOf: formatOfFile,
        })
      : await expectedData(config, context, version);
  const notes = config.notes;
  const choice =
    notes && "template" in notes ? { templateText: await readNotesTemplate(notes.template, cwd) } : notes;
  return `${renderNotesSections(data, choice)}\n`;
}
