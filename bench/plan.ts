import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { exec } from "../src/util/exec.js";
import { HOST } from "../test/helpers/cross-toolchain.js";
import { gitEnv, gitCommit, git, initExamplesRepo, removeRepo } from "../test/helpers/git-utils.js";
import { repoRoot } from "../test/helpers/paths.js";
import type { BenchRow } from "./packaging.js";

const PLUGINS = [
  "@semantic-release/commit-analyzer",
  "semantic-release-rust",
  ["semantic-release-rust/binaries", { targets: [HOST] }],
];

/**
 * Seconds of the fastest of `runs` runs of a command (the first run warms cargo's and node's caches); with
 * `mayFail`, a run that exits non-zero is timed until it exits.
 */
export async function fastest(
  runs: number,
  program: string,
  args: string[],
  o: { cwd: string; env: NodeJS.ProcessEnv; mayFail?: boolean },
) {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const r = await exec(program, args, { cwd: o.cwd, env: o.env, reject: false });
    if (r.code !== 0 && !o.mayFail)
      throw new Error(`${program} ${args.join(" ")} exited ${r.code}:\n${r.stderr}${r.stdout}`);
    best = Math.min(best, (performance.now() - start) / 1000);
  }
  return best;
}

/**
 * `semantic-release-rust plan` against `semantic-release --dry-run` on the same repository (a copy of examples/
 * with a bare remote, the cargo and binaries plugins), in the same run: both compute what the next release does.
 */
export async function benchPlan(o: { runs: number }): Promise<BenchRow[]> {
  const repo = await initExamplesRepo();
  try {
    const rc = { repositoryUrl: repo.repositoryUrl, branches: ["main"], plugins: PLUGINS };
    await writeFile(join(repo.cwd, ".releaserc.json"), `${JSON.stringify(rc, null, 2)}\n`);
    await gitCommit(repo.cwd, "chore: release configuration");
    await git(repo.cwd, "push", "-q", "origin", "main");
    const env: NodeJS.ProcessEnv = { ...process.env, ...gitEnv, CARGO_TARGET_DIR: join(repo.base, "target") };
    for (const k of ["CI", "GITHUB_ACTIONS", "GITHUB_TOKEN", "GH_TOKEN"]) delete env[k];
    const cli = join(repoRoot, "dist/src/cli.js");
    const plan = await fastest(o.runs, process.execPath, [cli, "plan"], { cwd: repo.cwd, env });
    const semanticRelease = join(repoRoot, "node_modules/.bin/semantic-release");
    const dryRun = await fastest(o.runs, semanticRelease, ["--dry-run", "--no-ci"], { cwd: repo.cwd, env });
    const ratio = plan / dryRun;
    return [
      { name: "semantic-release-rust plan", value: `${plan.toFixed(2)} s`, goal: "", ok: true },
      {
        name: "semantic-release --dry-run (same plugins)",
        value: `${dryRun.toFixed(2)} s`,
        goal: "",
        ok: true,
      },
      { name: "plan / dry-run", value: `${ratio.toFixed(2)}x`, goal: "< 1x", ok: ratio < 1 },
    ];
  } finally {
    await removeRepo(repo);
  }
}
