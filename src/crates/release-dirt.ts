import { realpath } from "node:fs/promises";
import { relative, resolve } from "node:path";
import { cargoBin } from "../cargo/cargo-bin.js";
import type { Workspace } from "../cargo/workspace.js";
import {
  changelogFileOf,
  modifiedTrackedFiles,
  releaseWrittenFiles,
  untrackedFiles,
} from "../git/release-files.js";
import type { Context } from "../types.js";
import { opt } from "../util/argv.js";
import { exec } from "../util/exec.js";
import { gitOut } from "../git/run.js";
import { registryArgs } from "./cargo-args.js";
import type { CratePublishPlan } from "./plan.js";
import { cargoEnv, type TargetRegistry } from "./registry.js";

/** Whether cargo may package with `--allow-dirty` because the release's own edits are all it would refuse. */
type ReleaseDirt =
  | { kind: "clean" }
  | { kind: "release-only"; files: string[] }
  /** With the first crate cargo refuses for other changes and cargo's own message, when cargo was asked. */
  | { kind: "other"; files: string[]; refused?: { crate: string; output: string } };

const DIRTY =
  /contain changes that were not yet committed into git:\s*\n\n([\s\S]*?)\n\nto proceed despite this/;

/**
 * The uncommitted files cargo counts for one crate, as `cargo package --list` without `--allow-dirty` reports
 * them (paths relative to `cwd`, made absolute), with cargo's message; no files when cargo accepts the crate,
 * `undefined` when cargo failed for another reason (then nothing is known).
 */
async function cargoDirtyFiles(
  crate: string,
  o: { cargo: string; manifestPath: string; registryArgs: string[]; cwd: string; env: NodeJS.ProcessEnv },
): Promise<{ files: string[]; output: string } | undefined> {
  const r = await exec(
    o.cargo,
    ["package", "--list", opt("manifest-path", o.manifestPath), opt("package", crate), ...o.registryArgs],
    { cwd: o.cwd, env: o.env, reject: false },
  );
  if (r.code === 0) return { files: [], output: "" };
  const listed = DIRTY.exec(r.stderr)?.[1];
  if (listed === undefined) return undefined;
  const files = listed
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "")
    .map((l) => resolve(o.cwd, l));
  return { files, output: r.stderr };
}

/**
 * Classifies the uncommitted changes of the repository for the crates of `plan`. `release-only` when every
 * one is a file the release's own prepare steps write (`releaseWrittenFiles`: bumped manifests, `Cargo.lock`,
 * changelogs), either by git's account (modified tracked files and untracked files git does not ignore) or,
 * when git lists others, by cargo's own for each crate (it ignores files outside the packages and excluded
 * ones). Anything else cargo would package is `other`, and cargo's own check must stop the release.
 */
async function releaseDirt(
  plan: CratePublishPlan,
  o: {
    cargo: string;
    workspace: Pick<Workspace, "root" | "rootManifest" | "members">;
    registry: TargetRegistry;
    cwd: string;
    env: NodeJS.ProcessEnv;
    options: Context["options"];
  },
): Promise<ReleaseDirt> {
  const cwd = await realpath(o.cwd);
  // Outside a git work tree cargo checks nothing either.
  if ((await gitOut({ cwd, env: o.env }, "rev-parse", "--is-inside-work-tree")) !== "true")
    return { kind: "clean" };
  const dirty = [
    ...new Set([...(await modifiedTrackedFiles(cwd, o.env)), ...(await untrackedFiles(cwd, o.env))]),
  ];
  if (dirty.length === 0) return { kind: "clean" };
  const written = await releaseWrittenFiles(o.workspace, { cwd, changelogFile: changelogFileOf(o.options) });
  const show = (files: string[]) => files.map((f) => relative(cwd, f)).sort();
  if (dirty.every((f) => written.has(f))) return { kind: "release-only", files: show(dirty) };

  const seen = new Set<string>();
  for (const c of plan.crates) {
    const r = await cargoDirtyFiles(c.name, {
      cargo: o.cargo,
      manifestPath: o.workspace.rootManifest,
      registryArgs: registryArgs(o.registry),
      cwd,
      env: o.env,
    });
    if (r === undefined) return { kind: "other", files: show(dirty.filter((f) => !written.has(f))) };
    const others = r.files.filter((f) => !written.has(f));
    if (others.length > 0)
      return { kind: "other", files: show(others), refused: { crate: c.name, output: r.output } };
    for (const f of r.files) seen.add(f);
  }
  return seen.size > 0 ? { kind: "release-only", files: show([...seen]) } : { kind: "clean" };
}

/**
 * The plan with `allowDirty` on every crate when the only uncommitted changes cargo would refuse are the
 * release's own, so a team that does not commit the bump back can still package and publish; otherwise the
 * plan as configured, and `refused` holds cargo's own message for the first crate with other changes.
 */
async function allowReleaseDirt(
  plan: CratePublishPlan,
  o: Parameters<typeof releaseDirt>[1] & { logger: Context["logger"] },
): Promise<{ plan: CratePublishPlan; refused?: { crate: string; output: string } }> {
  // Crates that allow every change themselves need no check.
  const checked = plan.crates.filter((c) => !c.allowDirty);
  if (checked.length === 0) return { plan };
  const dirt = await releaseDirt({ ...plan, crates: checked }, o);
  if (dirt.kind === "release-only") {
    o.logger.log(
      "Packaging with --allow-dirty: the only uncommitted changes are the release's own (%s)",
      dirt.files.join(", "),
    );
    return { plan: { ...plan, crates: plan.crates.map((c) => ({ ...c, allowDirty: true })) } };
  }
  if (dirt.kind === "other") {
    o.logger.log(
      "Uncommitted changes besides the release's own: %s (see the allowDirty option)",
      dirt.files.join(", "),
    );
    return dirt.refused ? { plan, refused: dirt.refused } : { plan };
  }
  return { plan };
}

/**
 * The cargo program and environment of a prepare or publish step, and `allowReleaseDirt` bound to the step's
 * registry, workspace, folder and context.
 */
export function stepCargo(
  run: { cwd: string; registry: TargetRegistry; workspace: Workspace },
  context: Pick<Context, "env" | "options" | "logger">,
) {
  const cargo = cargoBin(context.env);
  const env = cargoEnv(run.registry, context.env);
  const { registry, workspace, cwd } = run;
  const allowDirt = (plan: CratePublishPlan) =>
    allowReleaseDirt(plan, {
      cargo,
      workspace,
      registry,
      cwd,
      env,
      options: context.options,
      logger: context.logger,
    });
  return { cargo, env, allowDirt };
}
