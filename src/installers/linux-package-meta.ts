import { dirname, join } from "node:path";
import type { LinuxPackagesOption } from "../config/options/linux-packages.js";
import { getError } from "../errors/get-error.js";
import { parseRepositoryUrl } from "../github/parse-repository-url.js";
import type { Workspace } from "../cargo/workspace.js";
import { readIfExists } from "../util/fs.js";
import { packageMetadata } from "./package-metadata.js";
import { copyrightText, debVersion, summaryOf, type PackageFields } from "./linux-package.js";

/** The packages' fields with the text of their copyright file. */
export interface PackageMeta extends PackageFields {
  copyright: string;
}

const LICENSE_FILES = ["LICENSE", "LICENSE.md", "LICENSE.txt", "COPYING", "LICENSE-MIT", "LICENSE-APACHE"];

async function licenseText(dirs: readonly string[]): Promise<string | undefined> {
  for (const dir of dirs)
    for (const file of LICENSE_FILES) {
      const text = await readIfExists(join(dir, file));
      if (text !== undefined) return text;
    }
  return undefined;
}

/** The maintainer: the option, else the first author with an e-mail, else the GitHub owner's noreply address. */
function maintainerOf(option: LinuxPackagesOption, authors: readonly string[], repositoryUrl: string) {
  if (option.maintainer) return option.maintainer;
  const withMail = authors.find((a) => /<[^<>@\s]+@[^<>\s]+>\s*$/.test(a));
  if (withMail) return withMail.trim();
  const { owner } = parseRepositoryUrl(repositoryUrl);
  if (owner && /^https:\/\/github\.com\//.test(repositoryUrl))
    return `${owner} <${owner}@users.noreply.github.com>`;
  throw getError("ENOMAINTAINER", { repositoryUrl });
}

/**
 * The packages' fields from `Cargo.toml` (the package owning `binary`) and the options: description (or the
 * `description` option), homepage, license, maintainer, and the copyright file from the first `LICENSE` found
 * beside the package's or the workspace's `Cargo.toml`.
 */
export async function packageMetaOf(
  ws: Workspace,
  o: {
    binary: string;
    name: string;
    option: LinuxPackagesOption;
    description?: string;
    repositoryUrl: string;
  },
): Promise<PackageMeta> {
  const meta = await packageMetadata(ws, o.binary);
  const member = ws.members.find((m) => m.bins.includes(o.binary)) ?? ws.members[0];
  const dirs = [...(member ? [dirname(member.manifestPath)] : []), dirname(ws.rootManifest)];
  const text = await licenseText(dirs);
  const stated = text ? /^\s*Copyright\s+(?:\(c\)|©)?\s*(.+)$/im.exec(text)?.[1]?.trim() : undefined;
  const description = o.description ?? meta.description ?? o.name;
  const homepage =
    meta.homepage ??
    (/^https:\/\//.test(o.repositoryUrl) ? o.repositoryUrl.replace(/\.git$/, "") : undefined);
  return {
    maintainer: maintainerOf(o.option, meta.authors ?? [], o.repositoryUrl),
    section: o.option.section ?? "utils",
    ...(homepage ? { homepage } : {}),
    ...(meta.license ? { license: meta.license } : {}),
    summary: summaryOf(description),
    description,
    copyright: copyrightText({
      name: o.name,
      ...(homepage ? { source: homepage } : {}),
      holder: stated ?? meta.authors?.join(", ") ?? `The ${o.name} authors`,
      ...(meta.license ? { license: meta.license } : {}),
      ...(text ? { text } : {}),
    }),
  };
}

/**
 * `/usr/share/doc/<name>/changelog.gz`: one entry in Debian's changelog format (what dpkg-parsechangelog and
 * lintian read) holding the release notes, dated with the release commit's time. Pure.
 */
export function debianChangelog(o: {
  name: string;
  version: string;
  maintainer: string;
  notes?: string;
  mtime: number;
}) {
  const notes = (o.notes ?? "").trim() || `* Release ${o.version}.`;
  const body = notes.split("\n").map((l) => (l.trim() === "" ? "" : `  ${l.trimEnd()}`));
  const date = new Date(o.mtime * 1000).toUTCString().replace(/GMT$/, "+0000");
  return [
    `${o.name} (${debVersion(o.version)}) unstable; urgency=medium`,
    "",
    ...body,
    "",
    ` -- ${o.maintainer}  ${date}`,
    "",
  ].join("\n");
}
