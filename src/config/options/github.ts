import { Invalid, invalid, opt, parseObject, parseString, under } from "../define.js";
import { sharedOptions } from "./shared.js";

/** An extra file to upload: a glob, or an object with its glob and the asset's name and label templates. */
export type AssetSpec = string | { path: string; name?: string; label?: string };

const ASSET_EXPECTED = 'a glob or a `{ "path": glob, "name"?: template, "label"?: template }` object';

function parseAsset(item: unknown): AssetSpec | Invalid {
  if (typeof item === "string") return parseString(item);
  const o = parseObject(item, ASSET_EXPECTED);
  if (o instanceof Invalid) return o;
  const path = under("path", parseString(o.path));
  if (path instanceof Invalid) return path;
  for (const key of ["name", "label"] as const) {
    if (o[key] !== undefined && (typeof o[key] !== "string" || o[key] === "")) {
      return under(key, invalid("a non-empty template", o[key]));
    }
  }
  const { name, label } = o as { name?: string; label?: string };
  return { path, ...(name ? { name } : {}), ...(label ? { label } : {}) };
}

function parseAssets(v: unknown): AssetSpec[] | Invalid {
  if (!Array.isArray(v)) {
    const one = parseAsset(v);
    return one instanceof Invalid ? one : [one];
  }
  const out: AssetSpec[] = [];
  for (const [i, item] of v.entries()) {
    const asset = under(i, parseAsset(item));
    if (asset instanceof Invalid) return asset;
    out.push(asset);
  }
  return out;
}

/** Options of `semantic-release-rust/github` (same names as `@semantic-release/github` where they overlap). */
export const githubOptions = {
  rustRelease: sharedOptions.rustRelease,
  distDir: sharedOptions.distDir,
  githubUrl: opt.string(
    "EINVALIDGITHUBURL",
    "GitHub (Enterprise) server URL. Default: `GH_URL` or `GITHUB_URL`, else github.com.",
  ),
  githubApiPathPrefix: opt.string(
    "EINVALIDGITHUBAPIPATHPREFIX",
    "REST API path under `githubUrl` (`/api/v3` on GitHub Enterprise Server). Default: `GH_PREFIX` or `GITHUB_PREFIX`.",
  ),
  githubApiUrl: opt.string(
    "EINVALIDGITHUBAPIURL",
    "Full REST API URL; wins over `githubUrl`. Default: `GITHUB_API_URL`, else `https://api.github.com`.",
  ),
  assets: opt.custom<AssetSpec[]>(
    'an array of globs or `{ "path": glob, "name"?: template, "label"?: template }` objects',
    parseAssets,
  )(
    "EINVALIDASSETS",
    "Files to upload besides the artifacts of `{distDir}/manifest.json`. Templates may use `{version}`, `{gitTag}`, `{channel}`, `{name}`. A pattern that matches nothing fails the release.",
  ),
  assetLabel: opt.string(
    "EINVALIDASSETLABEL",
    "Label template for the manifest's archives and checksums: `{name}`, `{target}`, `{kind}`, `{version}`, `{gitTag}`. Default: no label.",
  ),
  draftRelease: opt.boolean(
    "EINVALIDDRAFTRELEASE",
    "Leave the release a draft after the assets are uploaded and verified.",
    false,
  ),
  requireDraftRelease: opt.boolean(
    "EINVALIDREQUIREDRAFTRELEASE",
    'Refuse (`EPUBLICRELEASE`) in verifyConditions when `@semantic-release/github` is listed without `draftRelease: true`, which makes the release public before the assets are uploaded and verified. Without it that is a warning. Fix: `["@semantic-release/github", {"draftRelease": true}]`.',
    false,
  ),
  replaceAssets: opt.boolean(
    "EINVALIDREPLACEASSETS",
    "Replace an existing asset of the same name whose digest differs. Without it such an asset fails the release (`EASSETCONFLICT`).",
    false,
  ),
  concurrency: opt.positiveInt(
    "EINVALIDCONCURRENCY",
    "How many assets upload at once (each is streamed from disk).",
    3,
  ),
  retries: opt.positiveInt(
    "EINVALIDRETRIES",
    "How many times a request is retried after a network error, a 5xx answer or a rate limit.",
    5,
  ),
  attestations: opt.boolean(
    "EINVALIDATTESTATIONS",
    "Register the provenance (the Sigstore DSSE bundle `provenance.intoto.json.sigstore.json` of the binaries plugin) through GitHub's artifact attestations API once the assets are verified, so `gh attestation verify` finds it. Needs `permissions: attestations: write`; without that bundle nothing is sent.",
    false,
  ),
};
