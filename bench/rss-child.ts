import { packageTarget } from "../src/binaries/package-target.js";

/**
 * Child process of the memory benchmark: packages one binary (argv[2]) into argv[3] as tar.gz and prints
 * `{ "maxRssKiB": ..., "seconds": ..., "size": ... }`. Run as its own process so the peak RSS is its own.
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
process.stdout.write(
  `${JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS, seconds, size: archive?.size })}\n`,
);
