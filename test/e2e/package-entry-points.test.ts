import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { promisify } from "node:util";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { gitRepo, removeRepo, type TestRepo } from "../helpers/git-utils.js";
import { repoRoot } from "../helpers/paths.js";

const run = promisify(execFile);
let repo: TestRepo | undefined;
afterAll(async () => {
  if (repo) await removeRepo(repo);
});

const entryPoints: Record<string, string[]> = {
  "semantic-release-rust": ["verifyConditions", "verifyRelease", "prepare", "success", "fail"],
  "semantic-release-rust/binaries": [
    "verifyConditions",
    "verifyRelease",
    "generateNotes",
    "prepare",
    "success",
    "fail",
  ],
  "semantic-release-rust/github": ["verifyConditions", "verifyRelease", "publish", "addChannel", "success"],
  "semantic-release-rust/crates": ["verifyConditions", "verifyRelease", "prepare", "publish"],
  "semantic-release-rust/docker": ["verifyConditions", "verifyRelease", "prepare", "publish", "addChannel"],
};

describe("the published package", () => {
  it.each(Object.entries(entryPoints))(
    "%s resolves the way semantic-release loads plugins and exports its steps, with no default export",
    async (name, steps) => {
      repo ??= await gitRepo();
      // semantic-release resolves plugin names with CommonJS resolution (resolve-from) from the repo, then imports.
      const resolved = createRequire(join(repo.cwd, "noop.js")).resolve(name);
      const plugin = (await import(pathToFileURL(resolved).href)) as Record<string, unknown>;
      for (const step of steps) expect(typeof plugin[step]).toBe("function");
      expect(plugin.default).toBeUndefined();
      expect(existsSync(resolved.replace(/\.js$/, ".d.ts"))).toBe(true);
    },
  );

  it("packs the build, the type declarations, the CLI, README and LICENSE only", async () => {
    const { stdout } = await run("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
      cwd: repoRoot,
    });
    const files = (JSON.parse(stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
    for (const f of [
      "dist/src/index.js",
      "dist/src/index.d.ts",
      "dist/src/cli.js",
      "README.md",
      "LICENSE",
      "package.json",
    ]) {
      expect(files).toContain(f);
    }
    expect(
      files.some((f) => f.startsWith("test/") || f.startsWith("dist/test/") || f.startsWith("examples/")),
    ).toBe(false);
  });

  it("installs a working `semantic-release-rust` command", async () => {
    const { stdout, stderr } = await run("node", [join(repoRoot, "dist/src/cli.js"), "--help"]);
    expect(`${stdout}${stderr}`).toContain("set-version");
    expect(`${stdout}${stderr}`).toContain("build");
    expect(`${stdout}${stderr}`).toContain("plan");
  });
});
