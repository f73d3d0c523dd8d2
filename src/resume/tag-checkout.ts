import { CARGO_PLUGIN } from "../plugins.js";
import { currentVersion, selectReleasePackages } from "../cargo/release-packages.js";
import { loadWorkspace } from "../cargo/workspace.js";
import { listed, type ReleaseConfig } from "../config/release-config.js";
import { getError } from "../errors/get-error.js";
import { tagVersionOf } from "./inputs.js";
import { headCommit, tagCommit } from "./tag.js";

/** The core plugin's options as the repository configures them (its entry, else the globals). */
export const coreOptions = (rc: ReleaseConfig | undefined): Record<string, unknown> =>
  rc ? (listed(rc, CARGO_PLUGIN)?.pluginConfig ?? rc.globals) : {};

/**
 * The version and commit a build of `tag` carries, checked on the checkout: the tag exists
 * (`ERESUMEUNKNOWNTAG`), names a version by `tagFormat`, HEAD is its commit (`EBUILDNOTATTAG`), and the release
 * packages carry its version (`EBUILDTAGVERSION`). Runs only `git rev-parse` and `cargo metadata`.
 */
export async function tagCheckout(o: {
  cwd: string;
  env: NodeJS.ProcessEnv;
  tag: string;
  rc: ReleaseConfig | undefined;
}): Promise<{ version: string; commit: string }> {
  const git = { cwd: o.cwd, env: o.env };
  const commit = await tagCommit(o.tag, git);
  if (!commit) throw getError("ERESUMEUNKNOWNTAG", { tag: o.tag });
  const version = tagVersionOf(o.rc ?? { globals: {} }, o.tag);
  const head = await headCommit(git);
  if (head !== commit) throw getError("EBUILDNOTATTAG", { tag: o.tag, head, commit });
  const core = coreOptions(o.rc);
  const manifestPath = typeof core.manifestPath === "string" ? core.manifestPath : "Cargo.toml";
  const ws = await loadWorkspace({ cwd: o.cwd, env: o.env, manifestPath });
  const names = Array.isArray(core.packages) ? (core.packages as string[]) : undefined;
  const cargoVersion = currentVersion(selectReleasePackages(ws, names));
  if (cargoVersion !== version) throw getError("EBUILDTAGVERSION", { tag: o.tag, version, cargoVersion });
  return { version, commit };
}
