declare module "@semantic-release/commit-analyzer" {
  /** semantic-release's analyzeCommits step: the release type of the commits, or null. */
  export function analyzeCommits(
    pluginConfig: Record<string, unknown>,
    context: {
      commits: { hash: string; message: string }[];
      cwd: string;
      env: NodeJS.ProcessEnv;
      logger: { log(...args: unknown[]): void; error(...args: unknown[]): void };
      [key: string]: unknown;
    },
  ): Promise<"major" | "minor" | "patch" | null>;
}
