import { register } from "node:module";
import { parentPort } from "node:worker_threads";
import type { AnalyzerReply, AnalyzerRequest } from "./analyzer-thread.js";

/**
 * The worker thread of `analyzer-thread.ts`: imports `@semantic-release/commit-analyzer` as soon as it starts, on
 * another core than the preview's git, cargo and plan work, with `analyzer-hooks.js` registered for this thread's
 * imports (lodash-es by function: some 90 modules instead of 640; without the hooks, all of lodash-es), and answers
 * each request with the release type the analyzer gives, or the analyzer's error message.
 */
try {
  register(new URL("./analyzer-hooks.js", import.meta.url));
} catch {
  // The analyzer then loads all of lodash-es: slower, the same result.
}
const analyzer = import("@semantic-release/commit-analyzer");
analyzer.catch(() => undefined);
const quiet = () => undefined;

parentPort?.on("message", (request: AnalyzerRequest) => {
  const answer = async (): Promise<AnalyzerReply> => {
    try {
      const { analyzeCommits } = await analyzer;
      const context = { ...request.context, logger: { log: quiet, error: quiet } };
      return { id: request.id, type: (await analyzeCommits(request.pluginConfig, context)) ?? null };
    } catch (error) {
      return { id: request.id, error: error instanceof Error ? error.message : String(error) };
    }
  };
  void answer().then((reply) => parentPort?.postMessage(reply));
});
