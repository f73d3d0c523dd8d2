import { GITHUB_PLUGIN } from "../plugins.js";
import type { Context } from "../types.js";
import type { ConfigOf } from "../config/define.js";
import type { githubOptions } from "../config/options/github.js";
import type { SemanticReleaseError } from "../errors/semantic-release-error.js";
import { getError } from "../errors/get-error.js";
import { loadConfig } from "../config/index.js";
import { githubOptions as schema } from "../config/options/github.js";
import { parseRepositoryUrl } from "./parse-repository-url.js";
import { GitHubClient } from "./http-client.js";
import type { HttpDeps } from "../http/client.js";

export type GithubConfig = ConfigOf<typeof githubOptions>;

export interface GithubSettings {
  config: GithubConfig;
  token: string | undefined;
  apiUrl: string;
  owner: string;
  repo: string;
}

/** The REST URL the way @semantic-release/github picks it: `githubApiUrl`, else `githubUrl` + prefix, else github.com. */
export function resolveApiUrl(
  config: Partial<Pick<GithubConfig, "githubApiUrl" | "githubUrl" | "githubApiPathPrefix">>,
  env: NodeJS.ProcessEnv,
): string {
  const apiUrl = config.githubApiUrl ?? env.GITHUB_API_URL;
  if (apiUrl) return apiUrl.replace(/\/+$/, "");
  const url = config.githubUrl ?? env.GH_URL ?? env.GITHUB_URL;
  const prefix = config.githubApiPathPrefix ?? env.GH_PREFIX ?? env.GITHUB_PREFIX ?? "";
  if (url) return `${url.replace(/\/+$/, "")}/${prefix.replace(/^\/+/, "")}`.replace(/\/+$/, "");
  return "https://api.github.com";
}

/** Options, token, API URL and repository of one plugin call; problems come back as errors, never thrown. */
export function loadGithubConfig(
  pluginConfig: Record<string, unknown>,
  context: Context,
): { settings: GithubSettings; errors: SemanticReleaseError[] } {
  const { config, errors } = loadConfig(GITHUB_PLUGIN, schema, pluginConfig);
  const repositoryUrl = String(context.options?.repositoryUrl ?? "");
  const { owner = "", repo = "" } = parseRepositoryUrl(repositoryUrl);
  if (!owner || !repo) errors.push(getError("EINVALIDREPOSITORYURL", { repositoryUrl }));
  const token = context.env.GH_TOKEN || context.env.GITHUB_TOKEN || undefined;
  if (!token) errors.push(getError("ENOGHTOKEN", { owner, repo }));
  return { settings: { config, token, apiUrl: resolveApiUrl(config, context.env), owner, repo }, errors };
}

/** Test seams of the GitHub steps: the clock, the sleep of every retry wait, a shorter first backoff. */
export interface ClientDeps extends HttpDeps {
  baseDelayMs?: number;
}

/** The client for these settings, through the context's proxy; retries are logged without the token. */
export function makeClient(s: GithubSettings, context: Context, deps: ClientDeps = {}): GitHubClient {
  return new GitHubClient({
    apiUrl: s.apiUrl,
    token: s.token ?? "",
    userAgent: GITHUB_PLUGIN,
    retries: s.config.retries,
    env: context.env,
    ...deps,
    onRetry: (what, delay, reason) => context.logger.log("Retrying %s in %d ms (%s)", what, delay, reason),
  });
}
