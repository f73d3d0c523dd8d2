import { UPSTREAM_GITHUB } from "../plugins.js";
import { format } from "node:util";
import type { Context, Logger } from "../types.js";
import type { ResumeInput } from "./inputs.js";

/** Log lines `[plugin] message`, printf-style, on the given stream. */
export function lineLogger(out: NodeJS.WritableStream, scope: string): Logger {
  const write = (m: string, a: unknown[]) => void out.write(`[${scope}] ${format(m, ...a)}\n`);
  return {
    log: (m, ...a) => write(m, a),
    error: (m, ...a) => write(m, a),
    warn: (m, ...a) => write(m, a),
    success: (m, ...a) => write(m, a),
  };
}

export interface Streams {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/**
 * A fresh plugin context for one call (semantic-release gives every call its own copy). `options.plugins` is the
 * configured list without @semantic-release/github: resume does not run it, so semantic-release-rust/github
 * creates or completes the release itself instead of leaving it to that plugin.
 */
export function pluginContext(
  input: ResumeInput,
  notes: string,
  plugin: string,
  io: Streams,
  releases: unknown[] = [],
): Context {
  const plugins = input.config.plugins.filter((p) => p.name !== UPSTREAM_GITHUB).map((p) => p.entry);
  const data = structuredClone({
    cwd: input.cwd,
    env: input.env,
    options: { ...input.config.globals, repositoryUrl: input.repositoryUrl, plugins, dryRun: false },
    branch: input.branch,
    lastRelease: {},
    nextRelease: { ...input.release, notes },
    releases,
    commits: [],
  });
  return { ...data, logger: lineLogger(io.stdout, plugin), stdout: io.stdout, stderr: io.stderr };
}
