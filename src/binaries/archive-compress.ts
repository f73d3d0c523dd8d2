import { availableParallelism } from "node:os";
import { Duplex } from "node:stream";
import { getError } from "../errors/get-error.js";
import type { ArchiveFormat } from "./archive-layout.js";
import { spawnFilter } from "../util/exec.js";
import { parallelGzip } from "./archive-gzip.js";

/** Default and allowed compression levels per format (the tools' own defaults; gzip -6 like `tar -czf`). */
export const LEVELS: Record<ArchiveFormat, { default: number; min: number; max: number }> = {
  "tar.gz": { default: 6, min: 0, max: 9 },
  zip: { default: 6, min: 0, max: 9 },
  "tar.xz": { default: 6, min: 0, max: 9 },
  "tar.zst": { default: 3, min: 1, max: 19 },
};

/** The level to use for `format`: `level` if given and valid, else the default; throws `ECOMPRESSIONLEVEL`. */
export function compressionLevel(format: ArchiveFormat, level?: number): number {
  const range = LEVELS[format];
  if (level === undefined) return range.default;
  if (!Number.isInteger(level) || level < range.min || level > range.max) {
    throw getError("ECOMPRESSIONLEVEL", {
      format,
      level,
      range: `an integer from ${range.min} to ${range.max}`,
    });
  }
  return level;
}

/** One stage of the tar pipeline: a stream, or an async generator function over the chunks. */
export type CompressStage = Duplex | ((source: AsyncIterable<Buffer>) => AsyncGenerator<Buffer>);

export interface Compressor {
  /** What the tar bytes go through. */
  stage: CompressStage;
  /** Settles when the compressor has finished; rejects with `EARCHIVETOOL` when an external tool failed. */
  done: Promise<void>;
}

const MiB = 1024 * 1024;
/** LZMA2 dictionary size of each xz preset (`xz --help`), in MiB. */
const XZ_DICT_MIB = [0.25, 1, 2, 4, 4, 8, 8, 16, 32, 64];

/**
 * The argv of the `xz`/`zstd` program in its multi-threaded mode whose output does not depend on the number of
 * threads: xz with a fixed block size (xz's own default, three times the dictionary) and at least 2 threads (xz
 * `-T1` is its single-threaded mode, which writes other bytes; `-T+1` needs xz 5.4), zstd with `-T<n>` (its jobs
 * only depend on the level).
 */
export function compressorArgs(
  format: "tar.xz" | "tar.zst",
  level: number,
  threads: number,
): [string, string[]] {
  if (format === "tar.xz") {
    const blockSize = Math.max(MiB, 3 * (XZ_DICT_MIB[level] ?? 8) * MiB);
    const args = ["--compress", "--stdout", "--quiet", `--threads=${Math.max(2, threads)}`];
    return ["xz", [...args, `--block-size=${blockSize}`, `-${level}`]];
  }
  return ["zstd", ["--compress", "--stdout", "--quiet", "--no-progress", `-T${threads}`, `-${level}`]];
}

/**
 * The compressor of a tar format: our block-parallel gzip (libuv's thread pool, one block per core at a time), or
 * the `xz`/`zstd` program fed through stdin/stdout, multi-threaded. The output does not depend on `concurrency`
 * (default: the available cores). The programs are started with an argv array and no shell.
 */
export function createCompressor(
  format: Exclude<ArchiveFormat, "zip">,
  level: number,
  env?: NodeJS.ProcessEnv,
  concurrency = availableParallelism(),
): Compressor {
  if (format === "tar.gz") {
    return {
      stage: (source) => parallelGzip(source, { level, concurrency }),
      done: Promise.resolve(),
    };
  }
  const [tool, args] = compressorArgs(format, level, concurrency);
  const child = spawnFilter(tool, args, { env });
  const stream = Duplex.from({ writable: child.stdin, readable: child.stdout });
  let stderr = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (d: string) => {
    if (stderr.length < 4096) stderr += d;
  });
  const done = new Promise<void>((resolve, reject) => {
    const fail = (error: string) => {
      const err = getError("EARCHIVETOOL", { tool, format, error });
      stream.destroy(err);
      reject(err);
    };
    child.on("error", (e) => fail(e.message));
    child.on("close", (code, signal) => {
      if (code === 0) resolve();
      else fail(stderr.trim() || `exit ${code ?? signal}`);
    });
  });
  done.catch(() => undefined);
  return { stage: stream, done };
}
