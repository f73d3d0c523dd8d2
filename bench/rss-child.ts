import { readFile } from "node:fs/promises";
import { packageTarget } from "../src/binaries/package-target.js";

/**
 * Child process of the memory benchmark: packages one binary (argv[2]) into argv[3] as tar.gz and prints
 * `{ "maxRssKiB": ..., "seconds": ..., "size": ... }`. Run as its own process so the peak RSS is its own.
 * The peak is Linux's `VmHWM` of this process image: `getrusage` (`process.resourceUsage().maxRSS`) also counts
 * the parent's RSS at fork time, which Linux carries across exec.
 */
const [binary, distDir] = process.argv.slice(2);
if (!binary || !distDir) throw new Error("usage: rss-child <binary> <distDir>");
const start = performance.now();
const [archive] = await packageTarget({
  name: "big",
  version: "1.0.0",
  target: "x86_64-unknown-linux-gnu",
  format: "tar.gz",
  archiveName: "{name}-v{version}-{target}",
  binaries: [{ name: "big", path: binary }],
  includes: [],
  distDir,
  mtime: 1_700_000_000,
});
const seconds = (performance.now() - start) / 1000;
const status = await readFile("/proc/self/status", "utf8").catch(() => "");
const hwm = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1];
const maxRssKiB = hwm === undefined ? process.resourceUsage().maxRSS : Number(hwm);
process.stdout.write(`${JSON.stringify({ maxRssKiB, seconds, size: archive?.size })}\n`);
