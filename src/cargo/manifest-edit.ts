import type { TomlTable } from "smol-toml";
import { findRequirementSites } from "./manifest-dependencies.js";
import { ManifestEditError } from "./manifest-edit-error.js";
import { versionProblem } from "../util/version.js";
import { bumpRequirement } from "./manifest-requirement.js";
import { parseToml, spliceStrings, type TomlEdit } from "./toml-splice.js";

export { ManifestEditError } from "./manifest-edit-error.js";

export interface ManifestBump {
  /** New value for `[package] version` when it is a literal string (left alone when `version.workspace = true`). */
  packageVersion?: string;
  /** New value for `[workspace.package] version`. */
  workspaceVersion?: string;
  /** crate name -> new version: every requirement on these crates gets the new version. */
  dependencies: Record<string, string>;
}

export interface ManifestChange {
  /** Where, as a user reads it: "package.version", "workspace.package.version",
   *  "dependencies.rgreet-core", "target.'cfg(unix)'.dev-dependencies.foo", "workspace.dependencies.foo" */
  location: string;
  from: string;
  to: string;
}

/** A requirement on a bumped crate left as it was: compound (`>=0.1, <0.3`), wildcard (`*`) or `<`/`<=`/`>`. */
interface ManifestSkip {
  location: string;
  requirement: string;
}

type LocatedEdit = TomlEdit & { location: string };

/**
 * Raises the versions `bump` names in the text of a `Cargo.toml`, changing nothing but those string values
 * (comments, key order, quote kinds, whitespace, CRLF, BOM and a missing final newline stay). Requirements keep
 * their operator (`^0.1.0` → `^0.2.0`); dependencies match on their real crate name (`package = ...` if renamed).
 * Pure: text in, text out. Throws `ManifestEditError` for a manifest smol-toml rejects or an invalid version.
 */
export function editManifest(
  text: string,
  bump: ManifestBump,
): { text: string; changes: ManifestChange[]; skipped: ManifestSkip[] } {
  const doc = parseToml(text);
  const wanted = [bump.packageVersion, bump.workspaceVersion, ...Object.values(bump.dependencies)];
  for (const version of wanted) {
    const problem = version === undefined ? undefined : versionProblem(version);
    if (problem) throw new ManifestEditError(`"${version}" is not a valid semantic version: ${problem}`);
  }

  const edits: LocatedEdit[] = [];
  const skipped: ManifestSkip[] = [];
  const add = (path: string[], location: string, from: unknown, to: string | undefined) => {
    if (typeof from === "string" && to !== undefined && from !== to) edits.push({ path, location, from, to });
  };
  add(["package", "version"], "package.version", table(doc, "package")?.version, bump.packageVersion);
  const workspacePackage = table(table(doc, "workspace"), "package");
  add(
    ["workspace", "package", "version"],
    "workspace.package.version",
    workspacePackage?.version,
    bump.workspaceVersion,
  );

  for (const site of findRequirementSites(doc)) {
    if (!Object.hasOwn(bump.dependencies, site.crate)) continue;
    const to = bumpRequirement(site.requirement, bump.dependencies[site.crate] as string);
    if (to === undefined) skipped.push({ location: site.location, requirement: site.requirement });
    else add(site.path, site.location, site.requirement, to);
  }

  const result = spliceStrings(text, doc, edits);
  const changes = (result.edits as LocatedEdit[]).map(({ location, from, to }) => ({ location, from, to }));
  return { text: result.text, changes, skipped };
}

function table(node: TomlTable | undefined, key: string): TomlTable | undefined {
  const value = node?.[key];
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as TomlTable)
    : undefined;
}
