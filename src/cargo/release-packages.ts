import { getError } from "../errors/get-error.js";
import type { Member, Workspace } from "./workspace.js";

/**
 * The packages a release versions: those named in `packages`, else every member whose version comes from
 * `[workspace.package]`, else the root package.
 */
export function selectReleasePackages(ws: Workspace, names?: readonly string[]): Member[] {
  if (names && names.length > 0) {
    const unknown = names.filter((n) => !ws.members.some((m) => m.name === n));
    if (unknown.length > 0) {
      throw getError("EUNKNOWNPACKAGE", { names: unknown, known: ws.members.map((m) => m.name) });
    }
    return ws.members.filter((m) => names.includes(m.name));
  }
  const inheriting = ws.members.filter((m) => m.inheritsVersion);
  if (inheriting.length > 0) return inheriting;
  const root = ws.members.find((m) => m.name === ws.rootPackage);
  if (root) return [root];
  if (ws.members.length === 1) return ws.members;
  throw getError("ENORELEASEPACKAGES", {});
}

/**
 * Raising `[workspace.package] version` raises every member that inherits it, so when one of `packages`
 * inherits, the version bump covers all inheriting members (after the named ones). Which of them are built or
 * published stays the other plugins' own `packages` choice.
 */
export function withInheritingSiblings(ws: Workspace, packages: readonly Member[]): Member[] {
  if (!packages.some((p) => p.inheritsVersion)) return [...packages];
  return [...packages, ...ws.members.filter((m) => m.inheritsVersion && !packages.includes(m))];
}

/** The one version the release packages share; `EINCONSISTENTVERSIONS` when they differ. */
export function currentVersion(packages: readonly Member[]): string {
  const versions = [...new Set(packages.map((p) => p.version))];
  if (versions.length !== 1) {
    throw getError("EINCONSISTENTVERSIONS", {
      versions: packages.map((p) => ({ name: p.name, version: p.version })),
    });
  }
  return versions[0] as string;
}
