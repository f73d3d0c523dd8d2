import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Logger } from "../types.js";
import { atomicWriteAll } from "../util/write-journal.js";
import {
  assertNoInterruptedBump,
  bumpJournalPath,
  finishInterruptedBump,
  removeBumpTemps,
} from "./bump-journal.js";
import { fileExists } from "../util/fs.js";
import { checkCargoVersion } from "../util/version.js";
import { currentVersion, selectReleasePackages } from "./release-packages.js";
import { planVersionBump, type VersionPlan } from "./plan.js";
import { loadWorkspace, type Workspace } from "./workspace.js";

interface SetVersionOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  manifestPath: string;
  packages?: string[];
  version: string;
  updateLockfile?: boolean;
  logger?: Logger;
}

/**
 * Reads every manifest (and Cargo.lock) of the workspace and computes the bump, writing nothing. An interrupted
 * bump is `EBUMPINTERRUPTED`: the manifests may then carry two versions (commands that write finish it first).
 */
export async function computeVersionPlan(
  ws: Workspace,
  o: Omit<SetVersionOptions, "cwd" | "env">,
): Promise<VersionPlan> {
  checkCargoVersion(o.version);
  await assertNoInterruptedBump(ws.root);
  const packages = selectReleasePackages(ws, o.packages);
  const from = currentVersion(packages);
  const paths = [...new Set([ws.rootManifest, ...ws.members.map((m) => m.manifestPath)])];
  const lockfile = join(ws.root, "Cargo.lock");
  const withLock = o.updateLockfile !== false && (await fileExists(lockfile));
  const texts = new Map<string, string>();
  for (const p of withLock ? [...paths, lockfile] : paths) texts.set(p, await readFile(p, "utf8"));
  return planVersionBump(ws, packages, from, o.version, texts, withLock ? lockfile : undefined);
}

/**
 * Writes a plan's files: all temp files first (a failure leaves every file as it was), then a journal, the renames
 * and the journal's removal, so a kill between two renames is finished by the next command that writes.
 */
export async function applyVersionPlan(plan: VersionPlan, ws: Workspace, logger?: Logger): Promise<void> {
  await atomicWriteAll(
    plan.files.map((f) => ({ path: f.path, data: f.text })),
    { journal: await bumpJournalPath(ws), repair: `semantic-release-rust set-version ${plan.to}` },
  );
  for (const f of plan.files)
    logger?.log("Updated %s (%s)", f.displayPath, f.changes.map((c) => c.location).join(", "));
}

/**
 * The start of every command that bumps: finishes an interrupted bump (roll forward), reads the workspace and
 * removes the temp files of a bump killed before its journal (roll back).
 */
export async function startBump(o: Omit<SetVersionOptions, "version">): Promise<Workspace> {
  await finishInterruptedBump(o, o.logger);
  const ws = await loadWorkspace(o);
  await removeBumpTemps(ws);
  return ws;
}

/** Sets the version of the release packages and every requirement on them: the whole Cargo bump. */
export async function setVersion(o: SetVersionOptions): Promise<{ plan: VersionPlan; files: string[] }> {
  checkCargoVersion(o.version);
  const ws = await startBump(o);
  const plan = await computeVersionPlan(ws, o);
  await applyVersionPlan(plan, ws, o.logger);
  return { plan, files: plan.files.map((f) => f.path) };
}
