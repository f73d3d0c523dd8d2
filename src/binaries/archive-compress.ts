import { Duplex, Transform } from "node:stream";
import { createGzip } from "node:zlib";
import { getError } from "../errors/get-error.js";
import type { ArchiveFormat } from "./archive-layout.js";
import { spawnFilter } from "../util/exec.js";

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

export interface Compressor {
  /** Streams the tar bytes go through, in order. */
  stages: Duplex[];
  /** Settles when the compressor has finished; rejects with `EARCHIVETOOL` when an external tool failed. */
  done: Promise<void>;
}

/**
 * The compressor of a tar format: zlib's gzip (runs in libuv's thread pool, header with mtime 0 and no name),
 * or the `xz`/`zstd` program fed through stdin/stdout (single-threaded, so the output is deterministic).
 * The programs are started with an argv array and no shell.
 */
export function createCompressor(
  format: Exclude<ArchiveFormat, "zip">,
  level: number,
  env?: NodeJS.ProcessEnv,
): Compressor {
  if (format === "tar.gz") {
    return {
      stages: [createGzip({ level, chunkSize: 128 * 1024 }), unixGzipHeader()],
      done: Promise.resolve(),
    };
  }
  const [tool, args] =
    format === "tar.xz"
      ? ["xz", ["--compress", "--stdout", "--quiet", "--threads=1", `-${level}`]]
      : ["zstd", ["--compress", "--stdout", "--quiet", "--no-progress", "-T1", `-${level}`]];
  const child = spawnFilter(tool, args as string[], { env });
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
  return { stages: [stream], done };
}

/**
 * Sets the OS byte of the gzip header (offset 9) to 3, Unix: zlib writes the build platform there (10 on
 * Windows), which would make the same archive differ between machines.
 */
export function unixGzipHeader(): Transform {
  let offset = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      if (offset <= 9 && offset + chunk.length > 9 && chunk[9 - offset] !== 3) {
        chunk = Buffer.from(chunk);
        chunk[9 - offset] = 3;
      }
      offset += chunk.length;
      done(null, chunk);
    },
  });
}
