import { rm } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exec } from "../../src/util/exec.js";
import { sharedTargetDir } from "../helpers/cargo-env.js";
import { writeTree } from "../helpers/fixtures.js";
import { initExamplesRepo, remoteTags, removeRepo, type TestRepo } from "../helpers/git-utils.js";
import { runRelease } from "../helpers/run-release.js";
import { startCratesSandbox, type CratesSandbox } from "../stand-ins/crates-env.js";

describe("a real semantic-release run publishes the examples/ crates to a local registry", () => {
  let repo: TestRepo;
  let sandbox: CratesSandbox;
  let consumer: string | undefined;
  beforeAll(async () => {
    sandbox = await startCratesSandbox();
    repo = await initExamplesRepo();
  });
  afterAll(async () => {
    await sandbox?.stop();
    if (repo) await removeRepo(repo);
    if (consumer) await rm(consumer, { recursive: true, force: true });
  });

  it("bumps, packages and publishes in dependency order; a consumer crate then builds against the release", async () => {
    const env = { ...sandbox.env, CARGO_TARGET_DIR: sharedTargetDir };
    const { result, output } = await runRelease(repo.cwd, {
      repositoryUrl: repo.repositoryUrl,
      env,
      plugins: [
        "@semantic-release/commit-analyzer",
        "semantic-release-rust",
        ["semantic-release-rust/crates", { ...sandbox.pluginConfig, allowDirty: true }],
      ],
    });

    expect(result && result.nextRelease.version).toBe("0.2.0");
    expect(sandbox.registry.crates().map((c) => `${c.name}@${c.vers}`)).toEqual([
      "rgreet-core@0.2.0",
      "rgreet@0.2.0",
    ]);
    expect(result && result.releases).toContainEqual(
      expect.objectContaining({
        name: "Crates (registry `local`)",
        url: `${sandbox.registry.baseUrl}/crates/rgreet/0.2.0`,
        pluginName: "semantic-release-rust/crates",
      }),
    );
    expect(await remoteTags(repo.remote)).toContain("v0.2.0");
    expect(output).toContain("Uploaded rgreet-core v0.2.0");
    expect(output).not.toContain(sandbox.registry.token);

    consumer = await writeTree({
      "Cargo.toml": `[package]\nname = "consumer"\nversion = "0.0.1"\nedition = "2021"\npublish = false\n\n[dependencies]\nrgreet-core = "0.2"\n`,
      "src/main.rs": `fn main() { println!("{}", rgreet_core::greet(&rgreet_core::Settings::default(), "release")); }\n`,
    });
    const run = await exec("cargo", ["run", "-q"], {
      cwd: consumer,
      env: { ...process.env, ...sandbox.env, CARGO_TARGET_DIR: join(consumer, "target") },
    });
    expect(run.stdout.trim()).toBe("Hello, release!");
  });
});
