import { benchDockerOci } from "./docker-oci.js";
import { benchGithubUpload } from "./github-upload.js";
import { benchInstallers } from "./installers.js";
import { runPackagingBench, type BenchRow } from "./packaging.js";
import { benchPlan } from "./plan.js";
import { benchPreview } from "./preview.js";
import { benchTrust } from "./trust.js";
import { exec } from "../src/util/exec.js";

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

/**
 * `npm run bench`: every benchmark of the package, each measured against its named baseline in the same run.
 * `--quick` uses small inputs and skips the memory runs; `--only preview,plan,packaging,github,docker,installers,trust` picks some.
 */
const quick = process.argv.includes("--quick");
const onlyArg = process.argv.find((a) => a.startsWith("--only="))?.slice("--only=".length);
const only = new Set((onlyArg ?? "packaging,github,docker,plan,preview,installers,trust").split(","));
const all: BenchRow[] = [];

/**
 * Runs one section when picked, after `sync`: the gigabytes an earlier section wrote (archives, uploads) are on
 * disk before it starts, so that their write-back does not count in its timings.
 */
async function section(key: string, title: string, run: () => Promise<BenchRow[]>): Promise<void> {
  if (!only.has(key)) return;
  await exec("sync", []);
  const rows = await run();
  printTable(title, rows);
  all.push(...rows);
}

// preview's goal is a time (at most 1 s), not a ratio: it runs first, on the machine a fresh CI job sees, before
// the sections that write gigabytes (the ratios of those later sections compare two runs made side by side).
await section(
  "preview",
  "Preview: semantic-release-rust preview vs semantic-release --dry-run (44-crate workspace, offline)",
  () => benchPreview({ runs: quick ? 1 : 3 }),
);
await section(
  "plan",
  "Plan: semantic-release-rust plan vs semantic-release --dry-run (same repository)",
  () => benchPlan({ runs: quick ? 1 : 3 }),
);
await section("packaging", "Packaging (tar.gz + SHA-256) vs tar -cf - | pigz -6 -p <cores> + sha256sum", () =>
  runPackagingBench(
    quick ? { oneMiB: 16, sizeMiB: 4, skipRss: true } : { skipRss: process.argv.includes("--skip-rss") },
  ),
);
await section("github", "GitHub assets: peak RSS of ours vs @semantic-release/github (local stand-in)", () =>
  benchGithubUpload(quick ? { count: 2, sizeMiB: 20 } : { count: 5, sizeMiB: 200 }),
);
await section("docker", "Images: oci builder vs docker build + push (two platforms, local registry)", () =>
  benchDockerOci(),
);
await section(
  "installers",
  "Installers: prepare of examples/ with every installer output vs without (same run)",
  () => benchInstallers({ runs: quick ? 1 : 5 }),
);
await section(
  "trust",
  "Trust: binaries prepare of examples/ with gpg + minisign signatures and SBOMs vs without",
  () => benchTrust({ runs: quick ? 1 : 5 }),
);
const missed = all.filter((r) => !r.ok);
if (missed.length > 0) {
  console.error(`\n${missed.length} goal(s) missed`);
  process.exitCode = 1;
}
