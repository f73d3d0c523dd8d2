import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exec } from "../../src/util/exec.js";
import { bigWorkspaceRepo, CRATE_COUNT, type BigCrate } from "../helpers/big-workspace.js";
import { removeRepo, type TestRepo } from "../helpers/git-utils.js";
import { previewJson } from "../helpers/preview.js";
import type { PreviewReport } from "../../src/preview/report.js";

let repo: TestRepo & { crates: BigCrate[] };
let report: PreviewReport;
let cargoCalls: string[];

/** A `cargo` first on PATH that logs its arguments, then runs the real cargo. */
async function cargoShim(dir: string, log: string): Promise<string> {
  const real = (await exec("sh", ["-c", "command -v cargo"])).stdout.trim();
  await mkdir(dir, { recursive: true });
  const shim = join(dir, "cargo");
  await writeFile(shim, `#!/bin/sh\necho "$*" >> '${log}'\nexec '${real}' "$@"\n`);
  await chmod(shim, 0o755);
  return dir;
}

beforeAll(async () => {
  repo = await bigWorkspaceRepo();
  const log = join(repo.base, "cargo-calls.log");
  const shimDir = await cargoShim(join(repo.base, "shim"), log);
  await writeFile(log, "");
  report = await previewJson(repo.cwd, [], {
    PATH: `${shimDir}:${process.env.PATH ?? ""}`,
    CARGO_TARGET_DIR: join(repo.base, "target"),
    // No network: every request is refused at once.
    HTTPS_PROXY: "http://127.0.0.1:9",
    HTTP_PROXY: "http://127.0.0.1:9",
  });
  cargoCalls = (await readFile(log, "utf8")).split("\n").filter(Boolean);
}, 120_000);

afterAll(async () => {
  if (repo) await removeRepo(repo);
});

const dataOf = (plugin: string) => report.plan?.plugins.find((p) => p.plugin === plugin);

describe("preview on a 44-crate workspace", () => {
  it("releases the next minor version from the unmerged fix and feat commits", () => {
    expect(report.lastRelease).toEqual({ version: "0.1.0", gitTag: "v0.1.0" });
    expect(report.nextRelease).toEqual({ version: "0.2.0", type: "minor", gitTag: "v0.2.0" });
    expect(report.commits).toHaveLength(3);
    expect(report.warnings).toEqual([]);
    expect(report.plan?.plugins.map((p) => [p.plugin, p.status])).toEqual([
      ["semantic-release-rust", "ok"],
      ["semantic-release-rust/binaries", "ok"],
      ["semantic-release-rust/crates", "ok"],
      ["semantic-release-rust/github", "ok"],
    ]);
  });

  it("publishes the 44 crates at 0.2.0, each after the workspace crates it depends on", () => {
    const data = dataOf("semantic-release-rust/crates")?.data;
    const crates = data?.plugin === "semantic-release-rust/crates" ? data.crates : [];
    const order = crates.map((c) => c.name);
    expect(order).toHaveLength(CRATE_COUNT);
    expect([...order].sort()).toEqual(repo.crates.map((c) => c.name).sort());
    expect(crates.every((c) => c.version === "0.2.0")).toBe(true);
    for (const c of repo.crates)
      for (const d of c.dependsOn)
        expect(order.indexOf(d), `${d} before ${c.name}`).toBeLessThan(order.indexOf(c.name));
    // A chain through every member: the order is the members' own, the root last.
    expect(order).toEqual([...repo.crates.slice(1).map((c) => c.name), "nu"]);
  });

  it("bumps every crate through the workspace version", () => {
    const lines = dataOf("semantic-release-rust")?.lines ?? [];
    expect(lines[0]).toMatch(/^Bump .* from 0\.1\.0 to 0\.2\.0$/);
    expect(lines[0]?.split(", ")).toHaveLength(CRATE_COUNT);
  });

  it("runs cargo metadata once for the whole process", () => {
    expect(cargoCalls.filter((c) => c.startsWith("metadata"))).toHaveLength(1);
  });
});
