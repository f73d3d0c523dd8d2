/** What a CLI command gets: the process's streams, environment and working folder. */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export interface Command {
  /** Returns the exit code: 0 ok, 2 bad input (nothing written), 1 failure. */
  run(args: string[], io: CliIo): Promise<number>;
}
