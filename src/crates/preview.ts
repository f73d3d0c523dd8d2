import type { CratesPlanData } from "./plan.js";

/** The crates plan as the preview reads it. */
export type CratesPreview = CratesPlanData;

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
