import { UPSTREAM_GITHUB } from "../plugins.js";
import type { Context } from "../types.js";
import { getError, throwAll } from "../errors/get-error.js";
import type { SemanticReleaseError } from "../errors/semantic-release-error.js";
import { NetworkError } from "./http-client.js";
import { apiError, repoPath } from "./releases.js";
import { upstreamListedAfter } from "./plugin-order.js";
import { checkUpstreamDraft } from "./plugin-order.js";
import { assetTemplateErrors } from "./verify-templates.js";
import { splitUpstreamErrors } from "./split-draft.js";
import { makeClient, loadGithubConfig, type GithubSettings } from "./config.js";

/**
 * Checks options, token and repository, and that the token may write to the repository — by reading it
 * (`GET /repos/{owner}/{repo}` → `permissions.push`), never by writing.
 */
export async function verifyConditions(
  pluginConfig: Record<string, unknown>,
  context: Context,
): Promise<void> {
  const { settings: s, errors } = loadGithubConfig(pluginConfig, context);
  errors.push(...assetTemplateErrors(s.config, context));
  context.logger.log("Verify GitHub authentication (%s)", s.apiUrl);
  if (upstreamListedAfter(context))
    context.logger.log(
      "%s is listed after this plugin: it creates the release, assets go up in success",
      UPSTREAM_GITHUB,
    );
  errors.push(...checkUpstreamDraft(s.config, context));
  if (s.config.rustRelease === "split") errors.push(...splitUpstreamErrors(context));
  if (s.token && s.owner && s.repo) errors.push(...(await checkAccess(s, context)));
  throwAll(errors);
}

async function checkAccess(s: GithubSettings, context: Context): Promise<SemanticReleaseError[]> {
  const client = makeClient(s, context);
  const who = { owner: s.owner, repo: s.repo };
  let res;
  try {
    res = await client.request<{ permissions?: { push?: boolean } }>("GET", repoPath(s));
  } catch (error) {
    if (!(error instanceof NetworkError)) throw error;
    return [
      getError("EGITHUBAPI", {
        method: "GET",
        url: client.url(repoPath(s)),
        status: "no answer",
        message: error.message,
      }),
    ];
  }
  if (res.status === 401) return [getError("EINVALIDGHTOKEN", who)];
  if (res.status === 404) return [getError("EMISSINGREPO", { ...who, apiUrl: s.apiUrl })];
  if (res.status !== 200) return [apiError("GET", client.url(repoPath(s)), res)];
  // GitHub Actions installation tokens get no `permissions`; the workflow's own permissions apply.
  if (res.data.permissions?.push) return [];
  if (!res.data.permissions && context.env.GITHUB_ACTION) return [];
  return [getError("EGHNOPERMISSION", who)];
}
