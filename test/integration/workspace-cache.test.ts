import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { setVersion } from "../../src/cargo/set-version.js";
import { loadWorkspace } from "../../src/cargo/workspace.js";
import { sharedTargetDir } from "../helpers/cargo-env.js";
import { examplesCopy } from "../helpers/fixtures.js";

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/** A copy of examples/ and a `CARGO` that logs each subcommand to `calls` before running the real cargo. */
async function countedCargo() {
  const cwd = await examplesCopy();
  dirs.push(cwd);
  const log = join(cwd, "cargo-calls.log");
  const wrapper = join(cwd, "cargo-wrapper.sh");
  await writeFile(wrapper, `#!/bin/sh\necho "$1" >> '${log}'\nexec cargo "$@"\n`, { mode: 0o755 });
  const env = { ...process.env, CARGO: wrapper, CARGO_TARGET_DIR: sharedTargetDir };
  const metadataRuns = async () =>
    (await readFile(log, "utf8").catch(() => "")).split("\n").filter((l) => l === "metadata").length;
  return { cwd, env, metadataRuns };
}

describe("loadWorkspace reads the workspace once per process", () => {
  it("answers a second read of the same manifest without running cargo metadata, with an equal copy", async () => {
    const { cwd, env, metadataRuns } = await countedCargo();
    const first = await loadWorkspace({ cwd, env, manifestPath: "Cargo.toml" });
    first.members.pop();
    const second = await loadWorkspace({ cwd, env, manifestPath: "Cargo.toml" });
    expect(await metadataRuns()).toBe(1);
    expect(second.members.map((m) => m.name)).toEqual(["rgreet-core", "rgreet"]);
  });

  it("reads it again after a version bump rewrote the manifests", async () => {
    const { cwd, env, metadataRuns } = await countedCargo();
    const before = await loadWorkspace({ cwd, env, manifestPath: "Cargo.toml" });
    expect(before.members.map((m) => m.version)).toEqual(["0.1.0", "0.1.0"]);
    await setVersion({ cwd, env, manifestPath: "Cargo.toml", version: "0.2.0" });
    const after = await loadWorkspace({ cwd, env, manifestPath: "Cargo.toml" });
    expect(after.members.map((m) => m.version)).toEqual(["0.2.0", "0.2.0"]);
    expect(await metadataRuns()).toBeGreaterThan(1);
  });

  it("reads it again after a member manifest is edited in place, and for another target dir", async () => {
    const { cwd, env, metadataRuns } = await countedCargo();
    await loadWorkspace({ cwd, env, manifestPath: "Cargo.toml" });
    const manifest = join(cwd, "crates/rgreet/Cargo.toml");
    await writeFile(
      manifest,
      (await readFile(manifest, "utf8")).replace("[package]", "[package]\npublish = false"),
    );
    const edited = await loadWorkspace({ cwd, env, manifestPath: "Cargo.toml" });
    expect(edited.members.find((m) => m.name === "rgreet")?.publish).toBe(false);
    const runs = await metadataRuns();
    const other = await loadWorkspace({
      cwd,
      env: { ...env, CARGO_TARGET_DIR: join(cwd, "t2") },
      manifestPath: "Cargo.toml",
    });
    expect(other.targetDir).toBe(join(cwd, "t2"));
    expect(await metadataRuns()).toBe(runs + 1);
  });
});
