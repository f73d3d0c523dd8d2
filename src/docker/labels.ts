import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "smol-toml";
import { git } from "../git/run.js";

/** Commit time of `rev` as `YYYY-MM-DDTHH:MM:SSZ` (the images' `created` and every file's mtime). */
async function commitTime(cwd: string, rev: string, env: NodeJS.ProcessEnv): Promise<string> {
  const epoch = await git({ cwd, env }, "log", "-1", "--format=%ct", "--end-of-options", rev);
  return new Date(Number(epoch) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** The `license` of `[workspace.package]` or `[package]`, if the manifest has one. */
async function cargoLicense(manifest: string): Promise<string | undefined> {
  try {
    const toml = parse(await readFile(manifest, "utf8")) as {
      workspace?: { package?: { license?: unknown } };
      package?: { license?: unknown };
    };
    const license = toml.workspace?.package?.license ?? toml.package?.license;
    return typeof license === "string" ? license : undefined;
  } catch {
    return undefined;
  }
}

/** A browsable URL for `org.opencontainers.image.source` (`git@github.com:o/r.git` → `https://github.com/o/r`). */
function sourceUrl(repositoryUrl: string | undefined): string | undefined {
  if (!repositoryUrl) return undefined;
  const ssh = /^(?:ssh:\/\/)?git@([^:/]+)[:/](.+?)(?:\.git)?$/.exec(repositoryUrl);
  if (ssh) return `https://${ssh[1]}/${ssh[2]}`;
  return repositoryUrl.replace(/^git\+/, "").replace(/\.git$/, "");
}

interface LabelInput {
  version: string;
  revision: string;
  created: string;
  source?: string;
  licenses?: string;
  title?: string;
}

/** The OCI annotations (also the config labels) of every image. */
function ociLabels(i: LabelInput): Record<string, string> {
  const labels: Record<string, string> = {
    "org.opencontainers.image.created": i.created,
    "org.opencontainers.image.revision": i.revision,
    "org.opencontainers.image.version": i.version,
  };
  if (i.source) labels["org.opencontainers.image.source"] = i.source;
  if (i.licenses) labels["org.opencontainers.image.licenses"] = i.licenses;
  if (i.title) labels["org.opencontainers.image.title"] = i.title;
  return labels;
}

/** Reads what the labels need from the repository. */
export async function releaseLabels(o: {
  cwd: string;
  env: NodeJS.ProcessEnv;
  manifestPath: string;
  version: string;
  gitHead: string;
  repositoryUrl?: string;
  licenses?: string;
  title?: string;
}): Promise<Record<string, string>> {
  return ociLabels({
    version: o.version,
    revision: o.gitHead,
    created: await commitTime(o.cwd, o.gitHead, o.env),
    source: sourceUrl(o.repositoryUrl),
    licenses: o.licenses ?? (await cargoLicense(join(o.cwd, o.manifestPath))),
    title: o.title,
  });
}
