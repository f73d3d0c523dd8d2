/**
 * `npm run demo`: a complete release of a temp copy of examples/ with the real semantic-release, against local
 * stand-ins, then a short summary. The checkout is left as it was: everything happens under a temp folder.
 */
import { rm } from "node:fs/promises";
import { git, initExamplesRepo } from "../test/helpers/git-utils.js";
import { runRelease } from "../test/helpers/run-release.js";

const line = (s = "") => process.stdout.write(`${s}\n`);

async function main(): Promise<void> {
  const repo = await initExamplesRepo();
  line(`demo: releasing a copy of examples/ in ${repo.cwd} (remote ${repo.repositoryUrl})`);
  const plugins: unknown[] = [
    "@semantic-release/commit-analyzer",
    "@semantic-release/release-notes-generator",
    "semantic-release-rust",
    [
      "@semantic-release/git",
      {
        assets: ["Cargo.toml", "Cargo.lock", "crates/*/Cargo.toml"],
        message: "chore(release): ${nextRelease.version} [skip ci]",
      },
    ],
  ];
  try {
    const { result, output } = await runRelease(repo.cwd, { repositoryUrl: repo.repositoryUrl, plugins });
    if (process.env.DEMO_VERBOSE) line(output);
    if (!result) throw new Error(`semantic-release made no release:\n${output}`);
    const { nextRelease } = result;
    const changed = await git(repo.cwd, "show", "--name-only", "--format=", nextRelease.gitTag);
    const tags = await git(repo.remote, "tag", "--list");
    line();
    line("== release summary ==");
    line(`version        ${nextRelease.version}`);
    line(`tag            ${nextRelease.gitTag} (on the remote: ${tags.split("\n").join(", ")})`);
    line(`files changed  ${changed.split("\n").filter(Boolean).join(", ")}`);
  } catch (error) {
    const out = (error as { output?: string }).output;
    if (out) process.stderr.write(out);
    throw error;
  } finally {
    if (!process.env.DEMO_KEEP) await rm(repo.base, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
