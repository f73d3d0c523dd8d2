import { Writable } from "node:stream";
import semanticRelease from "semantic-release";
import { gitEnv } from "./git-utils.js";

export interface RunReleaseOptions {
  repositoryUrl: string;
  plugins: unknown[];
  env?: Record<string, string>;
  dryRun?: boolean;
  branches?: unknown[];
  tagFormat?: string;
}

/** A stream that keeps what is written to it. */
export function captureStream(): Writable & { text(): string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(Buffer.from(chunk));
      done();
    },
  }) as Writable & { text(): string };
  stream.text = () => Buffer.concat(chunks).toString("utf8");
  return stream;
}

/**
 * Runs the REAL semantic-release API in `cwd`. Plugin names resolve from `cwd` upwards, where the test repo's
 * parent holds `node_modules/semantic-release-rust` linking this package's build.
 */
export async function runRelease(cwd: string, o: RunReleaseOptions) {
  const out = captureStream();
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    ...gitEnv,
    ...o.env,
  };
  // semantic-release's CI detection reads these; the runs are local.
  for (const k of ["CI", "GITHUB_ACTIONS", "GITHUB_EVENT_NAME", "GITHUB_REF", "GITHUB_TOKEN", "GH_TOKEN"]) {
    if (!(o.env && k in o.env)) delete env[k];
  }
  const result = await semanticRelease(
    {
      ci: false,
      dryRun: o.dryRun ?? false,
      repositoryUrl: o.repositoryUrl,
      branches: (o.branches ?? ["main"]) as string[],
      plugins: o.plugins as string[],
      ...(o.tagFormat ? { tagFormat: o.tagFormat } : {}),
    },
    { cwd, env, stdout: out as unknown as NodeJS.WriteStream, stderr: out as unknown as NodeJS.WriteStream },
  ).catch((error: unknown) => {
    (error as { output?: string }).output = out.text();
    throw error;
  });
  return { result, output: out.text() };
}
