import { parseRepositoryUrl } from "../github/parse-repository-url.js";
import type { Context } from "../types.js";
import type { InstallersConfig } from "./config.js";
import { pushRepoOf } from "./git-push.js";
import type { BucketInfo } from "./plan.js";

/** The Scoop bucket: the `scoop.bucket` option (`owner/name` on github.com or a git URL), else `{owner}/scoop-bucket`. */
export function bucketOf(config: InstallersConfig, context: Context): BucketInfo | undefined {
  const owner = parseRepositoryUrl(String(context.options?.repositoryUrl ?? "")).owner;
  const spec = config.scoop?.bucket ?? (owner ? `${owner}/scoop-bucket` : undefined);
  if (!spec) return undefined;
  const repo = pushRepoOf(spec);
  const { owner: bucketOwner } = parseRepositoryUrl(repo.url);
  const plain = repo.url.replace(/\/\/[^@/]*@/, "//");
  const addUrl = /^https:\/\/github\.com\//.test(plain) ? plain.replace(/\.git$/, "") : plain;
  return { ...repo, localName: (bucketOwner ?? "bucket").toLowerCase(), addUrl };
}

/** The token that pushes to the bucket: `SCOOP_BUCKET_TOKEN`, else the GitHub token. Needed for https buckets. */
export const bucketToken = (env: NodeJS.ProcessEnv): string | undefined =>
  env.SCOOP_BUCKET_TOKEN || env.GH_TOKEN || env.GITHUB_TOKEN || undefined;
