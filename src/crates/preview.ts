import type { SkippedCrate } from "./plan.js";

/** One crate the release would publish, with the version it will have after the bump. */
interface PreviewCrate {
  name: string;
  version: string;
  /** Crates of the release it waits for. */
  dependsOn: string[];
  /** The `cargo publish` argv (without the cargo program), no secret in it. */
  args: string[];
  /** Whether the index already lists this version (then it is skipped); undefined when the index was not read. */
  inIndex?: boolean;
}

/** What the crates plugin would publish for a version, as plain data: printed by dry-runs and `plan`. */
export interface CratesPreview {
  /** `crates.io` or `registry \`NAME\``. */
  registry: string;
  crates: PreviewCrate[];
  skipped: SkippedCrate[];
  /** Why the index could not be read, when it could not. */
  indexError?: string;
}

/** The preview as a few lines: the crates in publishing order with their versions and commands, then the skipped. */
export function cratesPreviewLines(p: CratesPreview): string[] {
  if (p.crates.length === 0) {
    return [
      `No crate to publish to ${p.registry}`,
      ...p.skipped.map((s) => `  not published: ${s.name} ${s.version} (${s.reason})`),
    ];
  }
  const lines = [
    `Would publish ${p.crates.length} crate${p.crates.length === 1 ? "" : "s"} to ${p.registry}, in order: ${p.crates.map((c) => `${c.name}@${c.version}`).join(", ")}`,
  ];
  p.crates.forEach((c, i) => {
    const notes = [
      ...(c.dependsOn.length > 0 ? [`after ${c.dependsOn.join(", ")}`] : []),
      ...(c.inIndex === true ? ["already in the index: skipped"] : []),
      ...(c.inIndex === false ? ["not in the index yet"] : []),
    ];
    lines.push(`  ${i + 1}. ${c.name} ${c.version}${notes.length > 0 ? ` (${notes.join("; ")})` : ""}`);
    if (c.inIndex !== true) lines.push(`     $ cargo ${c.args.join(" ")}`);
  });
  for (const s of p.skipped) lines.push(`  not published: ${s.name} ${s.version} (${s.reason})`);
  if (p.indexError)
    lines.push(`  the index could not be read (${p.indexError}): versions already there are unknown`);
  return lines;
}
