/** The parts of semantic-release's plugin context this package reads. */
export interface Logger {
  log(message: string, ...args: unknown[]): void;
  error(message: string, ...args: unknown[]): void;
  warn?(message: string, ...args: unknown[]): void;
  success?(message: string, ...args: unknown[]): void;
}

export interface Release {
  version: string;
  gitTag: string;
  gitHead?: string;
  channel?: string | null;
  channels?: (string | null)[];
  name?: string;
  notes?: string;
  type?: string;
}

export interface BranchSpec {
  name: string;
  channel?: string | false | null;
  prerelease?: string | boolean;
  type?: string;
  main?: boolean;
}

export interface Context {
  cwd?: string;
  env: NodeJS.ProcessEnv;
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
  logger: Logger;
  options?: {
    dryRun?: boolean;
    repositoryUrl?: string;
    plugins?: unknown[];
    /**
     * Set by `semantic-release-rust finish` when a higher version is already published: floating image tags and
     * GitHub's "latest" release stay with it.
     */
    newerRelease?: string;
    [key: string]: unknown;
  };
  branch?: BranchSpec;
  lastRelease?: Partial<Release> & { version?: string };
  nextRelease?: Release;
  commits?: { hash: string; message: string; committerDate?: string }[];
  releases?: unknown[];
}

/** A plugin config as semantic-release passes it: the user's options plus its own globals. */
export type PluginConfig = Record<string, unknown>;
