import { mkdir, mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
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

/** Cores the baseline and ours may use. */
const CORES = availableParallelism();

/** Whether `pigz` is on the PATH. */
const hasPigz = (): Promise<boolean> =>
  exec("pigz", ["--version"]).then(
    () => true,
    () => false,
  );

/** `tar -cf - | pigz -6 -p N` then `sha256sum`, one archive after the other, as a release script would. */
async function baseline(binaries: string[], out: string): Promise<void> {
  for (const [i, bin] of binaries.entries()) {
    const archive = join(out, `base-${i}.tar.gz`);
    const script = 'tar -cf - -C "$1" "$2" | pigz -6 -p "$3" > "$4"';
    await exec("sh", ["-c", script, "sh", dirname(bin), basename(bin), String(CORES), archive]);
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

interface Speed {
  base: number;
  ours: number;
  baseBytes: number;
  oursBytes: number;
}

/** Best of `runs` alternating runs of the baseline and ours on `count` binaries of `sizeMiB`, each into a fresh folder. */
async function speed(work: string, count: number, sizeMiB: number, runs: number): Promise<Speed> {
  const input = join(work, `in-${count}x${sizeMiB}`);
  await mkdir(input, { recursive: true });
  const binaries = await writePseudoBinaries(input, count, sizeMiB);
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
      // Each side starts with the disk idle: the previous side's archives are flushed first, outside the timing.
      await exec("sync", []);
      const t = await timed(() => fn(binaries, out));
      if (side === "base") base = Math.min(base, t);
      else mine = Math.min(mine, t);
      bytes[side] = await archiveBytes(out);
      await rm(out, { recursive: true, force: true });
    }
  }
  await rm(input, { recursive: true, force: true });
  return { base, ours: mine, baseBytes: bytes.base, oursBytes: bytes.ours };
}

/** The rows of one speed case: both times, the time ratio against its goal, and the size ratio. */
function speedRows(label: string, s: Speed, goal: number, runs: number, sizeGoal?: number): BenchRow[] {
  const ratio = s.ours / s.base;
  const sizeRatio = s.oursBytes / s.baseBytes;
  return [
    {
      name: `${label}: tar | pigz -6 -p ${CORES} + sha256sum`,
      value: `${s.base.toFixed(2)} s`,
      goal: "",
      ok: true,
    },
    {
      name: `${label}: ours (packageTarget, ${CORES} cores)`,
      value: `${s.ours.toFixed(2)} s`,
      goal: "",
      ok: true,
    },
    {
      name: `${label}: time ours / baseline (best of ${runs})`,
      value: ratio.toFixed(3),
      goal: `<= ${goal}`,
      ok: ratio <= goal,
    },
    {
      name: `${label}: archive bytes ours / pigz (level 6)`,
      value: sizeRatio.toFixed(4),
      goal: sizeGoal === undefined ? "" : `<= ${sizeGoal}`,
      ok: sizeGoal === undefined || sizeRatio <= sizeGoal,
    },
  ];
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
  /** Size of the single large binary (default 200 MiB). */
  oneMiB?: number;
  /** Number and size of the small binaries (default 5 x 20 MiB). */
  count?: number;
  sizeMiB?: number;
  runs?: number;
  bigMiB?: number;
  skipRss?: boolean;
}

/**
 * The packaging benchmark, against `tar -cf - | pigz -6 -p <cores>` + `sha256sum`: one large binary, several
 * small ones, and peak memory on a 1 GiB binary.
 */
export async function runPackagingBench(o: PackagingBenchOptions = {}): Promise<BenchRow[]> {
  const oneMiB = o.oneMiB ?? 200;
  const count = o.count ?? 5;
  const sizeMiB = o.sizeMiB ?? 20;
  const bigMiB = o.bigMiB ?? 1024;
  const runs = o.runs ?? 3;
  const work = await mkdtemp(join(tmpdir(), "srr-bench-"));
  try {
    const rows: BenchRow[] = [];
    if (await hasPigz()) {
      const one = await speed(work, 1, oneMiB, runs);
      rows.push(...speedRows(`1 x ${oneMiB} MiB`, one, 0.65, runs, 1.01));
      const many = await speed(work, count, sizeMiB, runs);
      rows.push(...speedRows(`${count} x ${sizeMiB} MiB`, many, 0.8, runs));
    } else {
      rows.push({
        name: "speed against pigz",
        value: "pigz not found",
        goal: "apt-get install pigz",
        ok: false,
      });
    }
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
