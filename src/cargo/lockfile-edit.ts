import { ManifestEditError } from "./manifest-edit-error.js";
import { versionProblem } from "../util/version.js";
import { parseToml, spliceStrings, type TomlEdit } from "./toml-splice.js";

/** One `[[package]]` version changed in `Cargo.lock`. */
interface LockfileChange {
  name: string;
  from: string;
  to: string;
}

/**
 * Sets `version` of every `[[package]]` with one of these names and NO `source` line (workspace/path members).
 * Only those `version = "..."` values change; registry and git packages of the same name, comments and line endings
 * stay as they are. Works for lockfile versions 1 to 4. Throws `ManifestEditError` for a lockfile smol-toml rejects
 * or an invalid version.
 */
export function editLockfile(
  text: string,
  versions: Record<string, string>,
): { text: string; changes: LockfileChange[] } {
  const doc = parseToml(text);
  for (const version of Object.values(versions)) {
    const problem = versionProblem(version);
    if (problem) throw new ManifestEditError(`"${version}" is not a valid semantic version: ${problem}`);
  }
  const packages = Array.isArray(doc.package) ? doc.package : [];
  const edits: (TomlEdit & { name: string })[] = [];
  packages.forEach((pkg, i) => {
    if (typeof pkg !== "object" || pkg === null || Array.isArray(pkg) || pkg instanceof Date) return;
    const { name, version, source } = pkg as Record<string, unknown>;
    if (typeof name !== "string" || !Object.hasOwn(versions, name) || source !== undefined) return;
    const to = versions[name] as string;
    if (typeof version === "string" && version !== to)
      edits.push({ path: ["package", i, "version"], name, from: version, to });
  });
  const result = spliceStrings(text, doc, edits);
  const changes = (result.edits as typeof edits).map(({ name, from, to }) => ({ name, from, to }));
  return { text: result.text, changes };
}
