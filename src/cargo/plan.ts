import { relative } from "node:path";
import { getError } from "../errors/get-error.js";
import { editManifest, ManifestEditError, type ManifestChange } from "./manifest-edit.js";
import { editLockfile } from "./lockfile-edit.js";
import { requirementAdmits } from "./manifest-requirement.js";
import { withInheritingSiblings } from "./release-packages.js";
import type { Member, Workspace } from "./workspace.js";

/** One file the bump rewrites, with its new text and what changed in it. */
interface FileEdit {
  path: string;
  /** Path relative to the workspace root, for logs and plans. */
  displayPath: string;
  text: string;
  changes: ManifestChange[];
}

/** What a version bump will do, as plain data: printed by dry runs, checked by tests, then applied. */
export interface VersionPlan {
  from: string;
  to: string;
  packages: string[];
  files: FileEdit[];
  /** Requirements on a bumped crate left as written (compound, wildcard, `<`/`>`) that still admit the new version. */
  skipped: { file: string; location: string; requirement: string }[];
}

/** The bump as JSON data (`plan --json`, previews): the packages, old and new version, each file and its changes. */
export interface CargoPlanData {
  from: string;
  to: string;
  packages: string[];
  /** Each file rewritten, relative to the workspace root, with what changes in it. */
  files: { file: string; changes: ManifestChange[] }[];
  /** Requirements on a bumped crate left as written. */
  skipped: VersionPlan["skipped"];
}

/** The data of a plan: everything but the new texts and absolute paths. */
export const cargoPlanData = (plan: VersionPlan): CargoPlanData => ({
  from: plan.from,
  to: plan.to,
  packages: plan.packages,
  files: plan.files.map((f) => ({ file: f.displayPath, changes: f.changes })),
  skipped: plan.skipped,
});

/**
 * Computes the bump of `packages` to `version` over the given file texts (manifests of every member and the root,
 * and `Cargo.lock` when present); when one of them inherits the workspace version, every member that inherits it
 * is bumped too. Pure: reads nothing, writes nothing.
 */
export function planVersionBump(
  ws: Workspace,
  packages: readonly Member[],
  from: string,
  version: string,
  texts: ReadonlyMap<string, string>,
  lockfilePath?: string,
): VersionPlan {
  const inheritedBump = packages.some((p) => p.inheritsVersion);
  // Raising `[workspace.package] version` raises every member that inherits it, so all of them (and every
  // requirement on them) are part of the bump, even when `packages` names only some.
  const bumped = withInheritingSiblings(ws, packages);
  const names = new Set(bumped.map((p) => p.name));
  const dependencies = Object.fromEntries([...names].map((n) => [n, version]));
  const files: FileEdit[] = [];
  const skipped: VersionPlan["skipped"] = [];
  const manifests = [...new Set([ws.rootManifest, ...ws.members.map((m) => m.manifestPath)])];
  for (const path of manifests) {
    const text = texts.get(path);
    if (text === undefined) continue;
    const member = ws.members.find((m) => m.manifestPath === path);
    const ownsLiteral = member !== undefined && names.has(member.name) && !member.inheritsVersion;
    const displayPath = relative(ws.root, path) || path;
    const edited = guard(displayPath, () =>
      editManifest(text, {
        ...(ownsLiteral ? { packageVersion: version } : {}),
        ...(path === ws.rootManifest && inheritedBump ? { workspaceVersion: version } : {}),
        dependencies,
      }),
    );
    if (edited.text !== text) files.push({ path, displayPath, text: edited.text, changes: edited.changes });
    skipped.push(...edited.skipped.map((s) => ({ file: displayPath, ...s })));
  }
  // A requirement left as written that excludes the new version would leave a workspace cargo cannot resolve.
  const excluding = skipped.filter((s) => requirementAdmits(s.requirement, version) === false);
  if (excluding.length > 0) throw getError("EREQUIREMENTEXCLUDES", { version, requirements: excluding });
  const lock = lockfilePath === undefined ? undefined : texts.get(lockfilePath);
  if (lockfilePath !== undefined && lock !== undefined) {
    const edited = guard("Cargo.lock", () => editLockfile(lock, dependencies));
    if (edited.text !== lock) {
      files.push({
        path: lockfilePath,
        displayPath: relative(ws.root, lockfilePath),
        text: edited.text,
        changes: edited.changes.map((c) => ({ location: `package ${c.name}`, from: c.from, to: c.to })),
      });
    }
  }
  return { from, to: version, packages: [...names], files, skipped };
}

/** Turns the editor's reason into `EMANIFESTEDIT` naming the file. */
function guard<T>(displayPath: string, edit: () => T): T {
  try {
    return edit();
  } catch (error) {
    if (error instanceof ManifestEditError)
      throw getError("EMANIFESTEDIT", { path: displayPath, reason: error.message });
    throw error;
  }
}
