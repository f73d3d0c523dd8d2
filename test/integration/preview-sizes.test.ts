import { createServer } from "node:net";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sharedTargetDir } from "../helpers/cargo-env.js";
import { HOST } from "../helpers/cross-toolchain.js";
import { git, gitCommit, initExamplesRepo, removeRepo, type TestRepo } from "../helpers/git-utils.js";
import { publishPreviousRelease } from "../helpers/previous-release.js";
import { branchWith, preview, previewJson } from "../helpers/preview.js";
import { startGitHubStandIn, type GitHubStandIn } from "../stand-ins/github-server.js";

const PUBLIC_URL = "https://github.com/acme/rgreet.git";
const ARCHIVE = `rgreet-v0.2.0-${HOST}.tar.gz`;

let gh: GitHubStandIn;
let repo: TestRepo;
/** Beside the repository (removed with it): the previous release's dist folder, the job summary. */
let scratch: string;
beforeEach(async () => {
  [gh, repo] = await Promise.all([startGitHubStandIn(), initExamplesRepo({ publicUrl: PUBLIC_URL })]);
  scratch = join(repo.base, "scratch");
  await mkdir(scratch);
});
afterEach(() => Promise.all([gh.stop(), removeRepo(repo)]));

/**
 * The examples' release config with the binaries plugin on the host and this `maxSizeIncrease`, on `main`, and a
 * `topic` branch with a `feat:` commit checked out: merging it releases 0.2.0.
 */
async function configure(maxSizeIncrease: unknown): Promise<void> {
  const releaserc = {
    repositoryUrl: PUBLIC_URL,
    plugins: [
      "@semantic-release/commit-analyzer",
      "semantic-release-rust",
      ["semantic-release-rust/binaries", { targets: [HOST], maxSizeIncrease }],
    ],
  };
  await writeFile(join(repo.cwd, ".releaserc.json"), `${JSON.stringify(releaserc, null, 2)}\n`);
  await gitCommit(repo.cwd, "chore: release config");
  await git(repo.cwd, "push", "-q", "origin", "main");
  await branchWith(repo, "topic", ["feat: greet by name"]);
}

/** The stand-in's public URLs and no token: the preview reads the previous manifest anonymously. */
const publicEnv = (extra: Record<string, string> = {}) => ({
  GITHUB_API_URL: gh.apiUrl,
  GITHUB_SERVER_URL: gh.url,
  CARGO_TARGET_DIR: sharedTargetDir,
  ...extra,
});

/** What a user checks after a preview: nothing changed in the working tree, no tag made. */
async function unchanged(): Promise<[string, string]> {
  return [await git(repo.cwd, "status", "--porcelain"), await git(repo.cwd, "tag", "--list")];
}

describe("preview sizes and the size gate's verdict", () => {
  it("--build builds the host target and shows each size and its change against the last release", async () => {
    await publishPreviousRelease(gh, scratch, PUBLIC_URL);
    await configure(["50 MB", "100000%"]);
    const before = await unchanged();
    const summary = join(scratch, "summary.md");
    const report = await previewJson(repo.cwd, ["--build"], publicEnv({ GITHUB_STEP_SUMMARY: summary }));
    const sizes = report.sizes;
    expect(sizes, JSON.stringify(sizes)).toMatchObject({
      previous: { version: "0.1.0" },
      verdict: "pass",
      problems: [],
    });
    expect(sizes?.skipped).toBeUndefined();
    const archive = sizes?.rows.find((r) => r.kind === "archive");
    expect(archive).toMatchObject({ name: ARCHIVE, previous: 2000 });
    expect(archive?.size).toBeGreaterThan(0);
    expect(archive?.change).toBe((archive?.size ?? 0) - 2000);
    // The binary is new in this release: no previous size, no change.
    const binary = sizes?.rows.find((r) => r.kind === "binary");
    expect(binary).toMatchObject({ name: `bin/${HOST}/rgreet`, previous: null, change: null });
    expect(binary?.size).toBeGreaterThan(0);
    const md = await readFile(summary, "utf8");
    expect(md).toContain("**Sizes (against `0.1.0`)**");
    expect(md).toContain("| Artifact | Kind | Size | Previous | Change |");
    expect(md).toMatch(
      new RegExp(`\\| \`${ARCHIVE.replace(/\./g, "\\.")}\` \\| archive \\| .+ \\| 2\\.0 KiB \\| \\+`),
    );
    expect(md).toContain("Size gate: **pass**");
    expect(await unchanged()).toEqual(before);
  });

  it("--build with a maxSizeIncrease too small gives the verdict fail, naming the artifact", async () => {
    await publishPreviousRelease(gh, scratch, PUBLIC_URL);
    await configure("1 kB");
    const before = await unchanged();
    const res = await preview(repo.cwd, ["--build"], publicEnv());
    expect(res.code, res.stderr).toBe(1);
    expect(res.stdout).toContain("Sizes (against 0.1.0):");
    expect(res.stdout).toMatch(new RegExp(`  ${ARCHIVE.replace(/\./g, "\\.")} \\(archive\\): .+, \\+`));
    expect(res.stdout).toContain("Size gate: fail (ESIZEINCREASE)");
    expect(res.stdout).toMatch(
      new RegExp(`ESIZEINCREASE ${ARCHIVE.replace(/\./g, "\\.")} grew from 2\\.00 kB \\(2000 bytes\\) to `),
    );
    expect(await unchanged()).toEqual(before);
  });

  it("without --build this branch's sizes are unknown, the previous sizes still shown", async () => {
    await publishPreviousRelease(gh, scratch, PUBLIC_URL);
    await configure("1 kB");
    const before = await unchanged();
    const report = await previewJson(repo.cwd, [], publicEnv());
    expect(report.sizes).toEqual({
      previous: { version: "0.1.0" },
      rows: [
        { name: `rgreet-v0.1.0-${HOST}.tar.gz`, kind: "archive", size: null, previous: 2000, change: null },
      ],
      verdict: "unknown",
      problems: [],
      warnings: [],
    });
    const text = await preview(repo.cwd, [], publicEnv());
    expect(text.stdout).toContain("Size gate: unknown (run preview --build for this branch's sizes)");
    expect(await unchanged()).toEqual(before);
  });

  it("an unreachable server skips the previous sizes and says why", async () => {
    await configure("1 kB");
    const closed = await closedPort();
    const report = await previewJson(
      repo.cwd,
      [],
      publicEnv({
        GITHUB_API_URL: `http://127.0.0.1:${closed}/api/v3`,
        GITHUB_SERVER_URL: `http://127.0.0.1:${closed}`,
      }),
    );
    expect(report.sizes).toMatchObject({ previous: null, rows: [], verdict: "unknown", problems: [] });
    expect(report.sizes?.skipped).toMatch(/^GitHub did not answer/);
  });
});

/** A local port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address() as { port: number };
  await new Promise<void>((ok) => server.close(() => ok()));
  return port;
}
