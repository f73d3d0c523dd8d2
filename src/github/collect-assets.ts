import { realpath, stat } from "node:fs/promises";
import { basename, isAbsolute, join, relative, resolve, sep } from "node:path";
import { glob } from "tinyglobby";
import { getError } from "../errors/get-error.js";
import type { AssetSpec } from "../config/options/github.js";
import type { DistManifest } from "../manifest/dist-manifest.js";
import { contentType } from "./content-type.js";
import { sha256File } from "./hash-file.js";
import { renderTemplate, type TemplateVars } from "./template.js";
import { manifestAssets, RELEASE_KINDS } from "./plan.js";
import { MANIFEST_ASSET } from "../sizes/previous-manifest.js";

/** A file to upload, with everything the plan needs. */
export interface LocalAsset {
  name: string;
  path: string;
  size: number;
  sha256: string;
  label?: string;
  contentType: string;
}

export { RELEASE_KINDS };

interface CollectInput {
  cwd: string;
  distDir: string;
  manifest: DistManifest | undefined;
  assets: AssetSpec[];
  assetLabel?: string;
  vars: TemplateVars;
}

async function sizeOf(path: string): Promise<number | undefined> {
  const s = await stat(path).catch(() => undefined);
  return s?.isFile() ? s.size : undefined;
}

/** Whether `path` lies inside `root` (both real paths) and not inside its `.git` folder. */
const inside = (root: string, path: string): boolean => {
  const rel = relative(root, path);
  return (
    rel !== "" &&
    !rel.startsWith(`..${sep}`) &&
    rel !== ".." &&
    !isAbsolute(rel) &&
    rel.split(sep)[0] !== ".git"
  );
};

/**
 * The real path of an `assets` match, refused (`EASSETPATH`) when it, or the file a link leads to, lies outside
 * the repository or in `.git`: a pattern such as `../secret` or a link such as `out/key -> ~/.ssh/id_ed25519`
 * must never be uploaded.
 */
async function checkedAssetPath(cwd: string, pattern: string, file: string): Promise<string> {
  const root = await realpath(cwd);
  const path = resolve(cwd, file);
  const real = await realpath(path).catch(() => undefined);
  if (!inside(root, resolve(root, file)) || real === undefined || !inside(root, real))
    throw getError("EASSETPATH", { pattern, file, target: real ?? path });
  return path;
}

/**
 * The files an `assets` entry matches (sorted, relative to `cwd`) and the name each is uploaded under: the
 * entry's `name` template when it matches exactly one file, else the file's own name.
 */
export async function matchAssetSpec(
  spec: AssetSpec,
  cwd: string,
  vars: TemplateVars,
): Promise<{ pattern: string; matches: { file: string; name: string }[] }> {
  const pattern = typeof spec === "string" ? spec : spec.path;
  const files = (await glob(pattern, { cwd, onlyFiles: true, dot: true })).sort();
  const template = typeof spec === "string" ? undefined : spec.name;
  const matches = files.map((file) => ({
    file,
    name:
      template && files.length === 1
        ? renderTemplate(template, { ...vars, name: basename(file) })
        : basename(file),
  }));
  return { pattern, matches };
}

/** Every asset to upload; `missing` lists manifest files absent (or of another size) and patterns with no match. */
export async function collectAssets(i: CollectInput): Promise<{ assets: LocalAsset[]; missing: string[] }> {
  const assets: LocalAsset[] = [];
  const missing: string[] = [];
  const distAbs = isAbsolute(i.distDir) ? i.distDir : resolve(i.cwd, i.distDir);
  for (const { artifact: a, name } of manifestAssets(i.manifest)) {
    const path = join(distAbs, a.path);
    const size = await sizeOf(path);
    if (size !== a.size) {
      missing.push(
        size === undefined
          ? join(i.distDir, a.path)
          : `${join(i.distDir, a.path)} (${size} bytes, manifest says ${a.size})`,
      );
      continue;
    }
    const vars = { ...i.vars, name, target: a.target ?? "", kind: a.kind };
    const label = i.assetLabel ? renderTemplate(i.assetLabel, vars) : undefined;
    assets.push({
      name,
      path,
      size,
      sha256: a.sha256,
      contentType: contentType(name),
      ...(label ? { label } : {}),
    });
  }
  if (i.manifest) {
    // The manifest itself goes up too: the next release reads the sizes of this one from it (size gate, summary).
    const path = join(distAbs, MANIFEST_ASSET);
    const size = await sizeOf(path);
    if (size === undefined) missing.push(join(i.distDir, MANIFEST_ASSET));
    else
      assets.push({
        name: MANIFEST_ASSET,
        path,
        size,
        sha256: await sha256File(path),
        contentType: "application/json",
      });
  }
  for (const spec of i.assets) {
    const { pattern, matches } = await matchAssetSpec(spec, i.cwd, i.vars);
    if (matches.length === 0) missing.push(`${pattern} (matches no file)`);
    for (const { file, name } of matches) {
      const path = await checkedAssetPath(i.cwd, pattern, file);
      const size = (await sizeOf(path)) ?? 0;
      const labelTemplate = typeof spec === "string" ? undefined : spec.label;
      const label = labelTemplate ? renderTemplate(labelTemplate, { ...i.vars, name }) : undefined;
      const sha256 = await sha256File(path);
      assets.push({ name, path, size, sha256, contentType: contentType(name), ...(label ? { label } : {}) });
    }
  }
  return { assets, missing };
}
