import { mkdir, mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { packageTarget } from "../src/binaries/package-target.js";
import { exec } from "../src/util/exec.js";
import { writeLargePseudoBinary, writePseudoBinaries } from "./pseudo-binaries.js";

export interface BenchRow {
  name: string;
  value: string;
  goal: string;
  ok: boolean;
}

const TARGETS = [
  "x86_64-unknown-linux-gnu",
  "aarch64-unknown-linux-gnu",
  "x86_64-unknown-linux-musl",
  "aarch64-unknown-linux-musl",
  "armv7-unknown-linux-gnueabihf",
];

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return (performance.now() - start) / 1000;
}

/** `tar -czf` at gzip -6 then `sha256sum`, one archive after the other, as a release script would. */
async function baseline(binaries: string[], out: string): Promise<void> {
  for (const [i, bin] of binaries.entries()) {
    const archive = join(out, `base-${i}.tar.gz`);
    await exec("tar", ["-I", "gzip -6", "-cf", archive, "-C", dirname(bin), basename(bin)]);
    await exec("sha256sum", [archive]);
  }
}

/** Our packaging of the same binaries: one target each, all at once, checksums computed while writing. */
async function ours(binaries: string[], out: string): Promise<void> {
  await Promise.all(
    binaries.map((bin, i) =>
      packageTarget({
        name: "bench",
        version: "1.0.0",
        target: TARGETS[i % TARGETS.length]!,
        format: "tar.gz",
        archiveName: "{name}-v{version}-{target}",
        binaries: [{ name: "bench", path: bin }],
        includes: [],
        distDir: out,
        mtime: 1_700_000_000,
      }),
    ),
  );
}

/** Total size of the `.tar.gz` files in `dir`. */
async function archiveBytes(dir: string): Promise<number> {
  const names = (await readdir(dir)).filter((n) => n.endsWith(".tar.gz"));
  const sizes = await Promise.all(names.map(async (n) => (await stat(join(dir, n))).size));
  return sizes.reduce((a, b) => a + b, 0);
}

/** Best of `runs` alternating runs of the baseline and ours, each into a fresh folder. */
async function speed(
  work: string,
  count: number,
  sizeMiB: number,
  runs: number,
): Promise<{ base: number; ours: number; baseBytes: number; oursBytes: number }> {
  const binaries = await writePseudoBinaries(join(work, "in"), count, sizeMiB);
  let base = Infinity;
  let mine = Infinity;
  const bytes = { base: 0, ours: 0 };
  for (let r = 0; r < runs; r++) {
    for (const [side, fn] of [
      ["base", baseline],
      ["ours", ours],
    ] as const) {
      const out = join(work, `${side}-${r}`);
      await mkdir(out, { recursive: true });
      const t = await timed(() => fn(binaries, out));
      if (side === "base") base = Math.min(base, t);
      else mine = Math.min(mine, t);
      bytes[side] = await archiveBytes(out);
      await rm(out, { recursive: true, force: true });
    }
  }
  return { base, ours: mine, baseBytes: bytes.base, oursBytes: bytes.ours };
}

/** Peak RSS of a child node process packaging one large binary. */
async function peakRss(work: string, sizeMiB: number): Promise<{ maxRssKiB: number; seconds: number }> {
  const big = join(work, "big.bin");
  await writeLargePseudoBinary(big, sizeMiB);
  const child = join(dirname(fileURLToPath(import.meta.url)), "rss-child.js");
  const { stdout } = await exec(process.execPath, [child, big, join(work, "big-out")]);
  await rm(big, { force: true });
  return JSON.parse(stdout.trim().split("\n").pop() ?? "{}") as { maxRssKiB: number; seconds: number };
}

export interface PackagingBenchOptions {
  count?: number;
  sizeMiB?: number;
  runs?: number;
  bigMiB?: number;
  skipRss?: boolean;
}

/** The packaging benchmark: speed against `tar -czf` + `sha256sum`, and peak memory on a large binary. */
export async function runPackagingBench(o: PackagingBenchOptions = {}): Promise<BenchRow[]> {
  const count = o.count ?? 5;
  const sizeMiB = o.sizeMiB ?? 20;
  const bigMiB = o.bigMiB ?? 1024;
  const work = await mkdtemp(join(tmpdir(), "srr-bench-"));
  try {
    await mkdir(join(work, "in"), { recursive: true });
    const s = await speed(work, count, sizeMiB, o.runs ?? 3);
    const ratio = s.ours / s.base;
    const rows: BenchRow[] = [
      {
        name: `baseline: tar -czf (gzip -6) + sha256sum, ${count} x ${sizeMiB} MiB`,
        value: `${s.base.toFixed(2)} s`,
        goal: "",
        ok: true,
      },
      {
        name: `ours: packageTarget x ${count}, concurrent, hash while writing`,
        value: `${s.ours.toFixed(2)} s`,
        goal: "",
        ok: true,
      },
      {
        name: "archive bytes ours / baseline (both gzip level 6)",
        value: (s.oursBytes / s.baseBytes).toFixed(3),
        goal: "",
        ok: true,
      },
      {
        name: "time ratio ours / baseline (best of 3 each)",
        value: ratio.toFixed(3),
        goal: "<= 0.8",
        ok: ratio <= 0.8,
      },
    ];
    if (!o.skipRss) {
      const m = await peakRss(work, bigMiB);
      const mb = (m.maxRssKiB * 1024) / 1e6;
      rows.push({
        name: `peak RSS packaging a ${bigMiB} MiB binary (${m.seconds.toFixed(1)} s)`,
        value: `${mb.toFixed(1)} MB`,
        goal: "<= 200 MB",
        ok: mb <= 200,
      });
    }
    return rows;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
