import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Logger } from "../types.js";
import { atomicWriteAll } from "../util/atomic-write.js";
import { fileExists } from "../util/fs.js";
import { checkCargoVersion } from "../util/version.js";
import { currentVersion, selectReleasePackages } from "./release-packages.js";
import { planVersionBump, type VersionPlan } from "./version-plan.js";
import { loadWorkspace, type Workspace } from "./workspace.js";

export interface SetVersionOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  manifestPath: string;
  packages?: string[];
  version: string;
  updateLockfile?: boolean;
  logger?: Logger;
}

/** Reads every manifest (and Cargo.lock) of the workspace and computes the bump, writing nothing. */
export async function computeVersionPlan(
  ws: Workspace,
  o: Omit<SetVersionOptions, "cwd" | "env">,
): Promise<VersionPlan> {
  checkCargoVersion(o.version);
  const packages = selectReleasePackages(ws, o.packages);
  const from = currentVersion(packages);
  const paths = [...new Set([ws.rootManifest, ...ws.members.map((m) => m.manifestPath)])];
  const lockfile = join(ws.root, "Cargo.lock");
  const withLock = o.updateLockfile !== false && (await fileExists(lockfile));
  const texts = new Map<string, string>();
  for (const p of withLock ? [...paths, lockfile] : paths) texts.set(p, await readFile(p, "utf8"));
  return planVersionBump(ws, packages, from, o.version, texts, withLock ? lockfile : undefined);
}

/** Writes a plan's files: all temp files first, then the renames, so a failure leaves every file as it was. */
export async function applyVersionPlan(plan: VersionPlan, logger?: Logger): Promise<void> {
  await atomicWriteAll(plan.files.map((f) => ({ path: f.path, data: f.text })));
  for (const f of plan.files)
    logger?.log("Updated %s (%s)", f.displayPath, f.changes.map((c) => c.location).join(", "));
}

/** Sets the version of the release packages and every requirement on them: the whole Cargo bump. */
export async function setVersion(o: SetVersionOptions): Promise<{ plan: VersionPlan; files: string[] }> {
  checkCargoVersion(o.version);
  const ws = await loadWorkspace(o);
  const plan = await computeVersionPlan(ws, o);
  await applyVersionPlan(plan, o.logger);
  return { plan, files: plan.files.map((f) => f.path) };
}
