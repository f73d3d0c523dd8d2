import { readFile } from "node:fs/promises";
import type { BuildPlan, PlannedTarget } from "../src/binaries/plan.js";
import { packageTargets } from "../src/binaries/package-all.js";

/**
 * Child process of the memory benchmark: packages one binary (argv[2]) into argv[3] the way prepare does
 * (`packageTargets`: tar.gz archive, its `.sha256`, and the binary staged under `bin/<target>/`), then prints
 * `{ "maxRssKiB": ..., "seconds": ..., "size": ... }`. Run as its own process so the peak RSS is its own.
 * The peak is Linux's `VmHWM` of this process image: `getrusage` (`process.resourceUsage().maxRSS`) also counts
 * the parent's RSS at fork time, which Linux carries across exec.
 */
const [binary, distDir] = process.argv.slice(2);
if (!binary || !distDir) throw new Error("usage: rss-child <binary> <distDir>");
const target: PlannedTarget = {
  target: "x86_64-unknown-linux-gnu",
  builder: "cargo",
  reason: "bench",
  features: [],
  profile: "release",
  binaries: [{ name: "big", package: "big", path: binary }],
  runsOnHost: true,
};
const plan = { name: "big", targets: [target] } as unknown as BuildPlan;
const silent = { log: () => undefined, error: () => undefined };
const start = performance.now();
const artifacts = await packageTargets(plan, [target], {
  version: "1.0.0",
  includes: [],
  distDir,
  mtime: 1_700_000_000,
  archives: {
    archiveName: "{name}-v{version}-{target}",
    include: [],
    includeDefaults: false,
    includeGenerated: [],
    formatFor: () => "tar.gz",
  },
  env: {},
  logger: silent,
});
const seconds = (performance.now() - start) / 1000;
const status = await readFile("/proc/self/status", "utf8").catch(() => "");
const hwm = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1];
const maxRssKiB = hwm === undefined ? process.resourceUsage().maxRSS : Number(hwm);
const size = artifacts.find((a) => a.kind === "archive")?.size;
process.stdout.write(`${JSON.stringify({ maxRssKiB, seconds, size })}\n`);
