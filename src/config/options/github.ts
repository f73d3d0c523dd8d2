import { opt } from "../define.js";
import { sharedOptions } from "./shared.js";

/** An extra file to upload: a glob, or an object with its glob and the asset's name and label templates. */
export type AssetSpec = string | { path: string; name?: string; label?: string };

const isNonEmpty = (v: unknown): v is string => typeof v === "string" && v.length > 0;

function parseAssets(v: unknown): AssetSpec[] | undefined {
  const list = Array.isArray(v) ? v : [v];
  const out: AssetSpec[] = [];
  for (const item of list) {
    if (isNonEmpty(item)) out.push(item);
    else if (typeof item === "object" && item !== null && isNonEmpty((item as { path?: unknown }).path)) {
      const { path, name, label } = item as Record<string, unknown>;
      if ((name !== undefined && !isNonEmpty(name)) || (label !== undefined && !isNonEmpty(label)))
        return undefined;
      out.push({
        path: path as string,
        ...(name ? { name: name as string } : {}),
        ...(label ? { label: label as string } : {}),
      });
    } else return undefined;
  }
  return out;
}

/** Options of `semantic-release-rust/github` (same names as `@semantic-release/github` where they overlap). */
export const githubOptions = {
  distDir: sharedOptions.distDir,
  githubUrl: opt.string(
    "GitHub (Enterprise) server URL. Default: `GH_URL` or `GITHUB_URL`, else github.com.",
  ),
  githubApiPathPrefix: opt.string(
    "REST API path under `githubUrl` (`/api/v3` on GitHub Enterprise Server). Default: `GH_PREFIX` or `GITHUB_PREFIX`.",
  ),
  githubApiUrl: opt.string(
    "Full REST API URL; wins over `githubUrl`. Default: `GITHUB_API_URL`, else `https://api.github.com`.",
  ),
  assets: opt.custom<AssetSpec[]>(
    'an array of globs or `{ "path": glob, "name"?: template, "label"?: template }` objects',
    parseAssets,
  )(
    "Files to upload besides the artifacts of `{distDir}/manifest.json`. Templates may use `{version}`, `{gitTag}`, `{channel}`, `{name}`. A pattern that matches nothing fails the release.",
  ),
  assetLabel: opt.string(
    "Label template for the manifest's archives and checksums: `{name}`, `{target}`, `{kind}`, `{version}`, `{gitTag}`. Default: no label.",
  ),
  draftRelease: opt.boolean("Leave the release a draft after the assets are uploaded and verified.", false),
  requireDraftRelease: opt.boolean(
    'Refuse (`EPUBLICRELEASE`) in verifyConditions when `@semantic-release/github` is listed without `draftRelease: true`, which makes the release public before the assets are uploaded and verified. Without it that is a warning. Fix: `["@semantic-release/github", {"draftRelease": true}]`.',
    false,
  ),
  replaceAssets: opt.boolean(
    "Replace an existing asset of the same name whose digest differs. Without it such an asset fails the release (`EASSETCONFLICT`).",
    false,
  ),
  concurrency: opt.positiveInt("How many assets upload at once (each is streamed from disk).", 3),
  retries: opt.positiveInt(
    "How many times a request is retried after a network error, a 5xx answer or a rate limit.",
    5,
  ),
};
