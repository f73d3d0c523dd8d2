import { spawn } from "node:child_process";
import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import { delimiter, isAbsolute, join, resolve } from "node:path";

interface ExecOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Data written to the child's stdin (secrets go here or in env, never in argv). */
  input?: string | Buffer;
  /** Copies the child's stdout and stderr here as they come (not ended when the child exits). */
  stream?: NodeJS.WritableStream;
  /** Reject on a non-zero exit (default true). */
  reject?: boolean;
}

export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
}

export class ExecError extends Error {
  constructor(
    readonly command: string,
    readonly result: ExecResult,
  ) {
    super(`${command} exited with ${result.code}: ${result.stderr.trim().split("\n").slice(-5).join("\n")}`);
    this.name = "ExecError";
  }
}

/** The one way this package runs a program: an argv array, never a shell string. */
export function exec(file: string, args: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: [options.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on("data", (d: Buffer) => {
      out.push(d);
      options.stream?.write(d);
    });
    child.stderr!.on("data", (d: Buffer) => {
      err.push(d);
      options.stream?.write(d);
    });
    // A child that exits without reading its input (a refused key, a wrong option) closes the pipe: the write's
    // EPIPE is not the failure to report, the exit status is.
    child.stdin?.on("error", () => undefined);
    if (options.input !== undefined) child.stdin?.end(options.input);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      const result = {
        code: code ?? (signal ? 128 : 1),
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
      };
      if (result.code !== 0 && options.reject !== false)
        reject(new ExecError(`${file} ${args.join(" ")}`, result));
      else resolve(result);
    });
  });
}

/**
 * Starts a program as a filter (stdin, stdout and stderr piped) for streaming work such as `xz`/`zstd`
 * compression; argv array only. The caller wires the streams and waits for `close`.
 */
export function spawnFilter(
  file: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv } = {},
) {
  return spawn(file, args, { env: options.env ?? process.env, stdio: ["pipe", "pipe", "pipe"] });
}

/** The executable file `program` names (a name on `PATH`, or a path relative to `cwd`), or undefined. */
export async function findProgram(
  program: string,
  o: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<string | undefined> {
  const candidates = program.includes("/")
    ? [isAbsolute(program) ? program : resolve(o.cwd, program)]
    : (o.env.PATH ?? "")
        .split(delimiter)
        .filter(Boolean)
        .map((dir) => join(dir, program));
  for (const file of candidates) {
    const ok = await access(file, constants.X_OK).then(
      () => stat(file).then((s) => s.isFile()),
      () => false,
    );
    if (ok) return file;
  }
  return undefined;
}
