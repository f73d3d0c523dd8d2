import { Invalid, parseStrings } from "../config/define.js";
import type { CrateRecord, DistManifest, ImageRecord } from "../manifest/dist-manifest.js";
import { mdCode, mdText, shQuote } from "../util/shell-quote.js";
import {
  platformName,
  renderArtifactTable,
  renderChecksums,
  renderPlatformInstall,
  renderRows,
  type ArtifactRow,
  type NotesArchive,
} from "./release-notes.js";
import { renderTree } from "./notes-tree.js";

/** The sections the release notes can carry, in their default order. */
export const NOTES_SECTIONS = [
  "install",
  "verify",
  "binaries",
  "requirements",
  "layout",
  "quickstart",
  "docker",
  "crates",
  "artifacts",
] as const;
export type NotesSection = (typeof NOTES_SECTIONS)[number];

/** The `notes` option: the sections in order, or a markdown template file with `{section}` placeholders. */
export type NotesOption = { sections: NotesSection[] } | { template: string };

export const NOTES_EXPECTED = `an array of sections among ${NOTES_SECTIONS.map((s) => `"${s}"`).join(", ")}, or the path of a markdown template`;

export function parseNotesOption(v: unknown): NotesOption | Invalid | undefined {
  if (typeof v === "string") return v.length > 0 ? { template: v } : undefined;
  const list = parseStrings(v);
  if (list instanceof Invalid) return list;
  const bad = list.findIndex((s) => !(NOTES_SECTIONS as readonly string[]).includes(s));
  if (bad >= 0)
    return new Invalid([bad], `one of ${NOTES_SECTIONS.map((s) => `"${s}"`).join(", ")}`, list[bad]);
  return { sections: list as NotesSection[] };
}

/** Everything the sections draw from: the manifest after prepare, or the expected names before the build. */
export interface NotesData {
  version: string;
  gitTag?: string;
  /** `https://github.com/o/r/releases/download/<tag>`, when the repository is on GitHub. */
  downloadBase?: string;
  archives: NotesArchive[];
  /** Binaries shipped (names without `.exe`) per target, with what each needs to run when known. */
  binaries: { name: string; target: string; requires?: string }[];
  /** Archive layout (paths inside the top folder) of one archive, for the tree. */
  layout?: { topDir: string; paths: string[] };
  quickStart?: string;
  images?: ImageRecord[];
  crates?: CrateRecord[];
  /** The artifact table: from the manifest, or rows of expected names. */
  table: string;
  /** The one-line `verify` command, when the release has signatures or provenance. */
  verifyCommand?: string;
}

/** `npx semantic-release-rust verify <first archive's URL or name>`, when the manifest lists signatures or provenance. */
function verifyCommandOf(manifest: DistManifest, first: string | undefined, downloadBase?: string) {
  const signed = manifest.artifacts.some((a) => a.kind === "signature" || a.kind === "provenance");
  if (!signed || !first) return {};
  return {
    verifyCommand: `npx semantic-release-rust verify ${shQuote(downloadBase ? `${downloadBase}/${first}` : first)}`,
  };
}

function binariesSection(d: NotesData): string {
  const names = [...new Set(d.binaries.map((b) => b.name))];
  if (names.length === 0) return "";
  return `## Binaries\n\n${names.map((n) => `- ${mdCode(n)}`).join("\n")}`;
}

function requirementsSection(d: NotesData): string {
  const byTarget = new Map<string, Set<string>>();
  for (const b of d.binaries)
    if (b.requires) byTarget.set(b.target, (byTarget.get(b.target) ?? new Set()).add(b.requires));
  if (byTarget.size === 0) return "";
  const rows = [...byTarget].map(
    ([t, r]) => `| ${platformName(t)} | ${mdCode(t)} | ${[...r].map(mdCode).join(", ")} |`,
  );
  return ["## System requirements", "", "| Platform | Target | Needs |", "| --- | --- | --- |", ...rows].join(
    "\n",
  );
}

function layoutSection(d: NotesData): string {
  if (!d.layout) return "";
  return `## Archive layout\n\n\`\`\`text\n${renderTree(d.layout.topDir, d.layout.paths)}\n\`\`\``;
}

const quickStartSection = (d: NotesData): string =>
  d.quickStart ? `## Quick start\n\n${d.quickStart.trim()}` : "";

function dockerSection(d: NotesData): string {
  const images = d.images ?? [];
  if (images.length === 0) return "";
  const blocks = images.map((i) => {
    const first = `${i.name}:${i.tags[0] ?? d.version}`;
    const pulls = i.tags.map((t) => `docker pull ${shQuote(`${i.name}:${t}`)}`);
    return [
      `${mdCode(i.name)} (${i.platforms.map((p) => p.platform).join(", ")}), digest ${mdCode(i.digest)}:`,
      "",
      "```sh",
      ...pulls,
      `docker run --rm ${shQuote(first)} --version`,
      "```",
    ].join("\n");
  });
  return `## Docker\n\n${blocks.join("\n\n")}`;
}

/** `[name version](url)`, or the plain name and version for a registry without crate pages. */
export const crateLink = (c: CrateRecord): string =>
  c.url ? `[${mdText(`${c.name} ${c.version}`)}](${c.url})` : mdText(`${c.name} ${c.version}`);

function cratesSection(d: NotesData): string {
  const crates = d.crates ?? [];
  if (crates.length === 0) return "";
  return `## Crates\n\n${crates.map((c) => `- ${crateLink(c)}`).join("\n")}`;
}

const RENDER: Record<NotesSection, (d: NotesData) => string> = {
  install: (d) => (d.archives.length ? renderPlatformInstall(d.archives, d.downloadBase) : ""),
  verify: (d) =>
    d.archives.length
      ? `${renderChecksums(d.archives)}${d.verifyCommand ? `\n\nSignatures and provenance, with checksums, in one command: \`${d.verifyCommand}\`` : ""}`
      : "",
  binaries: binariesSection,
  requirements: requirementsSection,
  layout: layoutSection,
  quickstart: quickStartSection,
  docker: dockerSection,
  crates: cratesSection,
  artifacts: (d) => d.table,
};

/**
 * The notes' sections, pure: the chosen ones in order (empty ones left out), or the template with `{install}`,
 * `{verify}`, ... `{artifacts}`, `{version}` and `{gitTag}` replaced (an unknown placeholder is kept as written).
 */
export function renderNotesSections(
  d: NotesData,
  choice: NotesOption | { templateText: string } | undefined,
): string {
  if (choice && "templateText" in choice) {
    return choice.templateText.replace(/\{(\w+)\}/g, (all, key: string) => {
      if (key === "version") return d.version;
      if (key === "gitTag") return d.gitTag ?? "";
      return (NOTES_SECTIONS as readonly string[]).includes(key) ? RENDER[key as NotesSection](d) : all;
    });
  }
  const sections = choice && "sections" in choice ? choice.sections : NOTES_SECTIONS;
  return sections
    .map((s) => RENDER[s](d))
    .filter(Boolean)
    .join("\n\n");
}

/** The notes' data from a manifest written by prepare: real sizes, hashes, layout and requirements. Pure. */
export function notesDataOf(
  manifest: DistManifest,
  o: { gitTag?: string; downloadBase?: string; formatOf: (file: string) => NotesArchive["format"] },
): NotesData {
  const archives = manifest.artifacts
    .filter((a) => a.kind === "archive")
    .sort((a, b) => a.path.localeCompare(b.path));
  const bins = manifest.artifacts.filter((a) => a.kind === "binary");
  const firstBinary = (target: string) => {
    const b = bins.find((x) => x.target === target);
    return b ? (b.path.split("/").pop() ?? "") : (manifest.name ?? "");
  };
  const withLayout =
    archives.find((a) => a.layout && !a.target?.includes("windows")) ?? archives.find((a) => a.layout);
  return {
    version: manifest.version,
    ...(o.gitTag ? { gitTag: o.gitTag } : {}),
    ...(o.downloadBase ? { downloadBase: o.downloadBase } : {}),
    archives: archives.map((a) => ({
      file: a.path,
      target: a.target ?? "",
      format: o.formatOf(a.path),
      topDir: a.topDir ?? a.path.replace(/\.(tar\.gz|tar\.xz|tar\.zst|zip)$/, ""),
      binary: firstBinary(a.target ?? ""),
      size: a.size,
      sha256: a.sha256,
    })),
    binaries: bins.map((b) => ({
      name: b.binary ?? b.path,
      target: b.target ?? "",
      ...(b.requires ? { requires: b.requires } : {}),
    })),
    ...(withLayout?.layout ? { layout: { topDir: withLayout.topDir ?? "", paths: withLayout.layout } } : {}),
    ...(withLayout?.layout ? quickStartOf(withLayout.topDir ?? "", withLayout.layout) : {}),
    ...(manifest.images ? { images: manifest.images } : {}),
    ...(manifest.crates ? { crates: manifest.crates } : {}),
    table: renderArtifactTable(manifest),
    ...verifyCommandOf(manifest, archives[0]?.path, o.downloadBase),
  };
}

/**
 * The quick start from the packaged `demo/` folder: its scripts, run from the extracted folder (they call
 * `./target/release/X`, which links to `bin/`), and its README when there is one.
 */
export function quickStartOf(topDir: string, layout: readonly string[]): { quickStart?: string } {
  const scripts = layout.filter((p) => /^demo\/(?:[^/]+\/)?[^/]+\.(?:sh|bash)$/.test(p));
  const readme = layout.find((p) => /^demo\/README(?:\.\w+)?$/i.test(p));
  if (scripts.length === 0 && !readme) return {};
  const run = scripts.length
    ? ["```sh", `cd ${shQuote(topDir)}`, ...scripts.map((s) => shQuote(`./${s}`)), "```"].join("\n")
    : "";
  const more = readme ? `More in ${mdCode(readme)} inside the archive.` : "";
  return { quickStart: [`The archive holds ready-to-run demos:`, run, more].filter(Boolean).join("\n\n") };
}

/** The artifact table of expected rows (before the build), for `NotesData.table`. */
export const expectedTable = (rows: readonly ArtifactRow[]): string => renderRows(rows);
