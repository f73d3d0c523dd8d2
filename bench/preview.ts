import { join } from "node:path";
import { exec } from "../src/util/exec.js";
import { bigWorkspaceRepo, CRATE_COUNT } from "../test/helpers/big-workspace.js";
import { gitEnv, removeRepo } from "../test/helpers/git-utils.js";
import { repoRoot } from "../test/helpers/paths.js";
import type { BenchRow } from "./packaging.js";
import { fastest } from "./plan.js";

/** A proxy that refuses every connection: no run of the bench reaches the network, and look-ups fail at once. */
const NO_NETWORK = "http://127.0.0.1:9";

/** The environment of both runs: no token, no CI, every HTTP(S) request through the refusing proxy. */
function offlineEnv(base: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...gitEnv, CARGO_TARGET_DIR: join(base, "target") };
  for (const k of Object.keys(env))
    if (/^(GITHUB_|GH_|RUNNER_|CI$|NO_PROXY$|no_proxy$)/.test(k)) delete env[k];
  for (const k of ["HTTPS_PROXY", "HTTP_PROXY", "https_proxy", "http_proxy"]) env[k] = NO_NETWORK;
  return env;
}

/**
 * `semantic-release-rust preview --json` against `semantic-release --dry-run --no-ci` on the same generated
 * 44-crate workspace (nushell's shape: `[workspace.package]` version, path dependencies through
 * `[workspace.dependencies]`; the cargo, binaries, crates and github plugins), in the same run, without network.
 * Without tokens semantic-release stops at verifyConditions (ENOCARGOTOKEN, ENOGHTOKEN): it is timed until it
 * exits, so its figure is a floor of a full dry run. Goal: preview <= 1 s.
 */
export async function benchPreview(o: { runs: number }): Promise<BenchRow[]> {
  const repo = await bigWorkspaceRepo();
  try {
    const env = offlineEnv(repo.base);
    const cli = join(repoRoot, "dist/src/cli.js");
    const previewArgs = [cli, "preview", "--json"];
    const check = await exec(process.execPath, previewArgs, { cwd: repo.cwd, env, reject: false });
    const plan = (JSON.parse(check.stdout) as { plan?: { plugins: { data?: { crates?: unknown[] } }[] } })
      .plan;
    const crates = plan?.plugins.find((p) => p.data?.crates)?.data?.crates?.length ?? 0;
    if (check.code !== 0 || crates !== CRATE_COUNT)
      throw new Error(`preview exited ${check.code} with ${crates} crates:\n${check.stderr}`);
    const preview = await fastest(o.runs, process.execPath, previewArgs, { cwd: repo.cwd, env });
    const semanticRelease = join(repoRoot, "node_modules/.bin/semantic-release");
    const dryRun = await fastest(o.runs, semanticRelease, ["--dry-run", "--no-ci"], {
      cwd: repo.cwd,
      env,
      mayFail: true,
    });
    const seconds = (s: number) => `${s.toFixed(2)} s`;
    return [
      {
        name: `semantic-release-rust preview (${CRATE_COUNT} crates)`,
        value: seconds(preview),
        goal: "<= 1 s",
        ok: preview <= 1,
      },
      {
        name: "semantic-release --dry-run (until it exits, no tokens)",
        value: seconds(dryRun),
        goal: "",
        ok: true,
      },
      { name: "preview / dry-run", value: `${(preview / dryRun).toFixed(2)}x`, goal: "", ok: true },
    ];
  } finally {
    await removeRepo(repo);
  }
}
