import { mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { prepare } from "../../src/binaries/index.js";
import { setVersion } from "../../src/cargo/set-version.js";
import type { DistManifest } from "../../src/manifest/dist-manifest.js";
import { testContext } from "../helpers/context.js";
import { copyExamples, gitCommit, gitRepo, removeRepo, type TestRepo } from "../helpers/git-utils.js";
import { HOST } from "../helpers/cross-toolchain.js";

const repos: TestRepo[] = [];
afterAll(async () => {
  await Promise.all(repos.map(removeRepo));
});

describe("where the binaries plugin finds the build output", () => {
  it("honours `[build] target-dir` from the project's .cargo/config.toml when CARGO_TARGET_DIR is unset", async () => {
    const repo = await gitRepo();
    repos.push(repo);
    await copyExamples(repo.cwd);
    await mkdir(join(repo.cwd, ".cargo"));
    await writeFile(join(repo.cwd, ".cargo/config.toml"), '[build]\ntarget-dir = "build-out"\n');
    await writeFile(join(repo.cwd, ".gitignore"), "/build-out\n/dist\n");
    await gitCommit(repo.cwd, "feat: custom target dir");
    const env = { ...process.env };
    delete env.CARGO_TARGET_DIR;
    await setVersion({ cwd: repo.cwd, env, manifestPath: "Cargo.toml", version: "0.3.0" });
    const ctx = testContext(repo.cwd, { env, nextRelease: { version: "0.3.0", gitTag: "v0.3.0" } });
    await prepare({ targets: [HOST] }, ctx);
    // cargo put the binary under build-out/, and that is what was packaged and smoke-tested.
    expect((await stat(join(repo.cwd, "build-out", HOST, "release", "rgreet"))).isFile()).toBe(true);
    await expect(stat(join(repo.cwd, "target"))).rejects.toMatchObject({ code: "ENOENT" });
    expect(ctx.lines).toContain(`Smoke test of rgreet (${HOST}) printed 0.3.0`);
    const manifest = JSON.parse(await readFile(join(repo.cwd, "dist/manifest.json"), "utf8")) as DistManifest;
    expect(manifest.artifacts.find((a) => a.kind === "archive")?.path).toBe(`rgreet-v0.3.0-${HOST}.tar.gz`);
    await rm(join(repo.cwd, "build-out"), { recursive: true, force: true });
  });
});
