import type * as CommitAnalyzer from "@semantic-release/commit-analyzer";
import { existsSync } from "node:fs";
import { Worker } from "node:worker_threads";
import type { ReleaseType } from "./next-version.js";

/**
 * `@semantic-release/commit-analyzer` in a worker thread. Its import is the largest part of a preview (lodash-es
 * alone is some 640 modules, 0.4 s): `preview` starts the thread first thing, so that the import runs on another
 * core while this thread runs git and cargo, reads the workspace and loads the plan's modules. It is the real
 * analyzer, loaded as Node loads it, run with the repository's own options. What cannot be sent to the thread (a
 * function in a JavaScript release config), or any failure of the thread, is analyzed in this thread instead.
 */

/** The analyzer's context without its logger (the thread gives it a quiet one). */
export interface AnalyzerContext {
  commits: { hash: string; message: string }[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  [key: string]: unknown;
}

export interface AnalyzerRequest {
  id: number;
  pluginConfig: Record<string, unknown>;
  context: AnalyzerContext;
}

export type AnalyzerReply = { id: number; type: ReleaseType | null } | { id: number; error: string };

let here: Promise<typeof CommitAnalyzer> | undefined;

/** The analyzer run in this thread, imported once. */
function analyzeHere(pluginConfig: Record<string, unknown>, context: AnalyzerContext) {
  here ??= import("@semantic-release/commit-analyzer");
  const quiet = () => undefined;
  return here.then((m) =>
    m.analyzeCommits(pluginConfig, { ...context, logger: { log: quiet, error: quiet } }),
  );
}

interface Pending {
  resolve(type: ReleaseType | null | Promise<ReleaseType | null>): void;
  reject(error: Error): void;
  retry(): void;
}

/** The worker and its unanswered requests; it keeps the process alive only while one is unanswered. */
class AnalyzerThread {
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  #next = 0;
  #dead = false;

  constructor(file: URL) {
    this.#worker = new Worker(file);
    this.#worker.on("message", (reply: AnalyzerReply) => this.#settle(reply));
    const failed = () => {
      this.#dead = true;
      for (const p of this.#pending.values()) p.retry();
      this.#pending.clear();
    };
    this.#worker.on("error", failed);
    this.#worker.on("exit", failed);
    // After the listeners: a "message" listener refs the worker again.
    this.#worker.unref();
  }

  analyze(pluginConfig: Record<string, unknown>, context: AnalyzerContext): Promise<ReleaseType | null> {
    if (this.#dead) return analyzeHere(pluginConfig, context);
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      try {
        this.#worker.postMessage({ id, pluginConfig, context } satisfies AnalyzerRequest);
      } catch {
        // A DataCloneError: the options hold a function. The analyzer runs here with them as they are.
        resolve(analyzeHere(pluginConfig, context));
        return;
      }
      this.#pending.set(id, { resolve, reject, retry: () => resolve(analyzeHere(pluginConfig, context)) });
      this.#worker.ref();
    });
  }

  #settle(reply: AnalyzerReply): void {
    const p = this.#pending.get(reply.id);
    if (!p) return;
    this.#pending.delete(reply.id);
    if (this.#pending.size === 0) this.#worker.unref();
    if ("error" in reply) p.reject(new Error(reply.error));
    else p.resolve(reply.type);
  }
}

let thread: AnalyzerThread | undefined;

/**
 * Starts the analyzer's thread, once. Without its compiled file beside this module (this module run from its
 * TypeScript source), the analyzer runs in this thread.
 */
export function startAnalyzerThread(): void {
  const file = new URL("./analyzer-worker.js", import.meta.url);
  if (!thread && file.protocol === "file:" && existsSync(file)) thread = new AnalyzerThread(file);
}

/** The release type of the commits by the real commit-analyzer: in its thread when that runs, else here. */
export function analyzeCommits(
  pluginConfig: Record<string, unknown>,
  context: AnalyzerContext,
): Promise<ReleaseType | null> {
  const sent = { ...context, env: { ...context.env } };
  return thread ? thread.analyze(pluginConfig, sent) : analyzeHere(pluginConfig, sent);
}
