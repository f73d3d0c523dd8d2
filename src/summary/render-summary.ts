import type { DistManifest } from "../manifest/dist-manifest.js";
import { formatSize } from "../binaries/release-notes.js";
import { sizeChange } from "../sizes/check-sizes.js";
import { sizedArtifacts } from "../sizes/size-gate.js";
import { mdCode, mdText } from "../util/shell-quote.js";
import { crateLink } from "../binaries/notes-sections.js";
import type { Timing } from "./timings.js";

/** What the summary is made from: files of the dist folder and what semantic-release told the step. */
export interface SummaryInput {
  outcome: "success" | "failure";
  version?: string;
  gitTag?: string;
  /** `{ name, url }` of every release semantic-release made (success only). */
  releases: { name?: string; url?: string }[];
  manifest?: DistManifest;
  previous?: DistManifest;
  timings: Timing[];
  /** The errors of a failed release: code, message and what to do. */
  errors: { code?: string; message: string; details?: string }[];
}

const seconds = (ms: number) =>
  ms >= 60_000
    ? `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`
    : `${(ms / 1000).toFixed(1)} s`;

function assetsTable(m: DistManifest, previous: DistManifest | undefined): string[] {
  const before = new Map(previous ? sizedArtifacts(previous).map((r) => [r.key, r.size]) : []);
  const keyOf = new Map(sizedArtifacts(m).map((r) => [r.name, r.key]));
  const rows = m.artifacts.map((a) => {
    const key = keyOf.get(a.path);
    const prev = key ? before.get(key) : undefined;
    const change = key
      ? sizeChange({ size: a.size, ...(prev === undefined ? {} : { previous: prev }) }, !!previous)
      : "";
    return `| ${mdCode(a.path)} | ${a.kind} | ${formatSize(a.size)} | ${change} | \`${a.sha256}\` |`;
  });
  return [
    "### Assets",
    "",
    `| File | Kind | Size | Change${previous ? ` since ${previous.version}` : ""} | SHA-256 |`,
    "| --- | --- | --- | --- | --- |",
    ...rows,
  ];
}

function imagesAndCrates(m: DistManifest): string[] {
  const images = (m.images ?? []).flatMap((i) => [
    `- ${mdCode(i.name)} ${mdCode(i.digest)}, tags ${i.tags.map(mdCode).join(", ")}; ${i.platforms.map((p) => `${p.platform} ${formatSize(p.size)}`).join(", ")}`,
  ]);
  const crates = (m.crates ?? []).map((c) => `- ${crateLink(c)}`);
  return [
    ...(images.length ? ["", "### Images", "", ...images] : []),
    ...(crates.length ? ["", "### Crates", "", ...crates] : []),
  ];
}

function timingsTable(timings: readonly Timing[]): string[] {
  if (timings.length === 0) return [];
  return [
    "",
    "### Durations",
    "",
    "| Step | What | Time |",
    "| --- | --- | --- |",
    ...timings.map((t) => `| ${t.step} | ${mdText(t.label)} | ${seconds(t.ms)} |`),
  ];
}

function failure(i: SummaryInput): string[] {
  const what = i.errors.flatMap((e) => [
    `- ${e.code ? `${mdCode(e.code)}: ` : ""}${mdText(e.message)}`,
    ...(e.details
      ? [
          "",
          `  <details><summary>What to do</summary>\n\n${e.details.replace(/^/gm, "  ")}\n\n  </details>`,
          "",
        ]
      : []),
  ]);
  const done = i.timings.length
    ? `Done before the failure: ${[...new Set(i.timings.map((t) => t.step))].join(", ")} (durations below).`
    : "Nothing was built or published by semantic-release-rust.";
  return ["### What failed", "", ...what, "", "### What was done", "", done];
}

/** The job summary in markdown: headline, links, assets, images, crates, durations; on failure what failed first. Pure. */
export function renderSummary(i: SummaryInput): string {
  const v = i.version ?? i.manifest?.version;
  const head =
    i.outcome === "success"
      ? `## Released ${v ?? ""}${i.gitTag ? ` (${mdCode(i.gitTag)})` : ""}`
      : `## Release${v ? ` of ${v}` : ""} failed`;
  const links = i.releases.filter((r) => r.url).map((r) => `- [${mdText(r.name ?? r.url ?? "")}](${r.url})`);
  const m = i.manifest && (!v || i.manifest.version === v) ? i.manifest : undefined;
  return [
    head,
    "",
    ...(i.outcome === "failure" ? [...failure(i), ""] : []),
    ...(links.length ? [...links, ""] : []),
    ...(m ? [...assetsTable(m, i.previous), ...imagesAndCrates(m)] : []),
    ...timingsTable(i.timings),
    "",
  ].join("\n");
}
