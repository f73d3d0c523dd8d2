import { readFile } from "node:fs/promises";
/**
 * Child process of the upload benchmark: publishes the release of `BENCH_GH` (JSON) with `argv[2]` = "ours"
 * (semantic-release-rust/github) or "upstream" (@semantic-release/github), then prints
 * `{ "maxRssKiB": ..., "seconds": ... }`. Each runs in its own process so the peak RSS is its own.
 */
interface ChildInput {
  cwd: string;
  repositoryUrl: string;
  tag: string;
  env: Record<string, string>;
  assets: string[];
}

const which = process.argv[2];
const input = JSON.parse(process.env.BENCH_GH ?? "{}") as ChildInput;
const logger = { log: () => {}, error: () => {}, warn: () => {}, success: () => {} };
const context = {
  cwd: input.cwd,
  env: input.env,
  logger,
  options: { repositoryUrl: input.repositoryUrl },
  branch: { name: "main", main: true, type: "release" },
  nextRelease: {
    version: input.tag.slice(1),
    gitTag: input.tag,
    name: input.tag,
    notes: "bench",
    channel: null,
  },
};
const start = performance.now();
if (which === "ours") {
  const { publish } = await import("../src/github/index.js");
  await publish({}, context);
} else if (which === "upstream") {
  const plugin = "@semantic-release/github";
  const upstream = (await import(plugin)) as { publish(c: unknown, ctx: unknown): Promise<unknown> };
  await upstream.publish({ assets: input.assets }, context);
} else throw new Error("usage: github-upload-child ours|upstream");
const seconds = (performance.now() - start) / 1000;
// Linux's VmHWM of this process image: getrusage's maxRSS also counts the parent's size at fork time.
const status = await readFile("/proc/self/status", "utf8").catch(() => "");
const hwm = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1];
const maxRssKiB = hwm === undefined ? process.resourceUsage().maxRSS : Number(hwm);
process.stdout.write(`${JSON.stringify({ maxRssKiB, seconds })}\n`);
