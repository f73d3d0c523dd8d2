import { runPackagingBench, type BenchRow } from "./packaging.js";

/** Prints the rows as a table; a missed goal is marked and makes the process exit non-zero. */
function printTable(title: string, rows: BenchRow[]): void {
  const width = Math.max(...rows.map((r) => r.name.length));
  const valueWidth = Math.max(...rows.map((r) => r.value.length));
  console.log(`\n${title}`);
  for (const r of rows) {
    const mark = r.goal === "" ? "" : `  goal ${r.goal}: ${r.ok ? "met" : "MISSED"}`;
    console.log(`  ${r.name.padEnd(width)}  ${r.value.padStart(valueWidth)}${mark}`);
  }
}

/** `npm run bench`: every benchmark of the package. `--quick` uses small inputs and skips the memory run. */
const quick = process.argv.includes("--quick");
const rows = await runPackagingBench(
  quick ? { sizeMiB: 4, skipRss: true } : { skipRss: process.argv.includes("--skip-rss") },
);
printTable("Packaging (reproducible tar.gz + SHA-256)", rows);
const missed = rows.filter((r) => !r.ok);
if (missed.length > 0) {
  console.error(`\n${missed.length} goal(s) missed`);
  process.exitCode = 1;
}
