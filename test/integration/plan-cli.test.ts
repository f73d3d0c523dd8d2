import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { sharedTargetDir } from "../helpers/cargo-env.js";
import { examplesCopy, treeHashes } from "../helpers/fixtures.js";
import { repoRoot } from "../helpers/paths.js";
import { testContext } from "../helpers/context.js";
import { setVersion } from "../../src/cargo/set-version.js";
import { publish } from "../../src/crates/index.js";
import { startCratesRegistry, type CratesRegistry } from "../stand-ins/crates-registry.js";
import { HOST } from "../helpers/cross-toolchain.js";
import type { PlanJson } from "../../src/plan/plan-json.js";

const run = promisify(execFile);
const cli = join(repoRoot, "dist/src/cli.js");
const dirs: string[] = [];
let registry: CratesRegistry;

beforeAll(async () => {
  registry = await startCratesRegistry();
});
afterAll(async () => {
  await registry?.stop();
});
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/** Runs `semantic-release-rust plan` with the real CLI; never throws. */
async function plan(...argv: (string | Record<string, string>)[]) {
  const args = argv.filter((a): a is string => typeof a === "string");
  const extra = argv.find((a): a is Record<string, string> => typeof a !== "string");
  try {
    const env = { ...process.env, CARGO_TARGET_DIR: sharedTargetDir, ...extra };
    const { stdout, stderr } = await run("node", [cli, "plan", ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

/** A temp copy of examples/ with this `.releaserc.json`. */
async function repoWith(config: unknown): Promise<string> {
  const cwd = await examplesCopy();
  dirs.push(cwd);
  if (config !== undefined)
    await writeFile(
      join(cwd, ".releaserc.json"),
      typeof config === "string" ? config : JSON.stringify(config),
    );
  return cwd;
}

const releaserc = (globals: Record<string, unknown> = {}) => ({
  repositoryUrl: "https://github.com/acme/rgreet.git",
  ...globals,
  plugins: [
    "@semantic-release/commit-analyzer",
    "semantic-release-rust",
    ["semantic-release-rust/binaries", { targets: [HOST] }],
    ["semantic-release-rust/crates", { registry: registry.indexUrl }],
    ["semantic-release-rust/docker", { images: ["ghcr.io/acme/rgreet"] }],
    ["semantic-release-rust/github", { assets: ["LICENSE"] }],
  ],
});

describe("semantic-release-rust plan", () => {
  it("prints every plugin's plan for the next minor version and changes nothing", async () => {
    const cwd = await repoWith(releaserc());
    const before = await treeHashes(cwd);
    const res = await plan("--cwd", cwd);
    expect(res.stderr).toBe("");
    expect(res.code).toBe(0);
    const out = res.stdout;
    expect(out).toContain("Plan for 0.2.0 (v0.2.0): the next minor of the Cargo version 0.1.0");
    const headers = out.split("\n").filter((l) => /^\S.*:$/.test(l));
    expect(headers).toEqual([
      "semantic-release-rust:",
      "semantic-release-rust/binaries:",
      "semantic-release-rust/crates:",
      "semantic-release-rust/docker:",
      "semantic-release-rust/github:",
    ]);
    expect(out).toContain("  Bump rgreet-core, rgreet from 0.1.0 to 0.2.0");
    expect(out).toMatch(
      /\$ \S*cargo build --locked --release --target=x86_64-unknown-linux-gnu --package=rgreet\n/,
    );
    expect(out).toContain(`${HOST}: rgreet-v0.2.0-${HOST}.tar.gz and rgreet-v0.2.0-${HOST}.tar.gz.sha256`);
    expect(out).toContain("in order: rgreet-core@0.2.0, rgreet@0.2.0");
    expect(out).toContain("1. rgreet-core 0.2.0 (not in the index yet)");
    for (const tag of ["0.2.0", "0.2", "0", "latest"])
      expect(out).toContain(`    ghcr.io/acme/rgreet:${tag}\n`);
    expect(out).toContain(
      "Would create the GitHub release v0.2.0 of acme/rgreet at https://api.github.com as a draft",
    );
    expect(out).toContain('assets "LICENSE": LICENSE');
    expect(await treeHashes(cwd)).toEqual(before);
    expect(existsSync(join(cwd, "dist"))).toBe(false);
  });

  it("plans the version given, with the tag format and the prerelease channel it implies", async () => {
    const cwd = await repoWith(releaserc({ tagFormat: "rgreet-${version}" }));
    const res = await plan("--cwd", cwd, "--version", "1.0.0-beta.1");
    expect(res.code).toBe(0);
    expect(res.stdout.split("\n")[0]).toBe(
      "Plan for 1.0.0-beta.1 (rgreet-1.0.0-beta.1), from .releaserc.json",
    );
    expect(res.stdout).toContain("Bump rgreet-core, rgreet from 0.1.0 to 1.0.0-beta.1");
    expect(res.stdout).toContain("ghcr.io/acme/rgreet:beta\n");
    expect(res.stdout).not.toContain("ghcr.io/acme/rgreet:latest");
    expect(res.stdout).toContain("GitHub release rgreet-1.0.0-beta.1 of acme/rgreet");
    expect(res.stdout).toContain("(prerelease: yes, latest: false)");
  });

  it("marks a crate version the registry's index already lists as skipped", async () => {
    // An earlier run published rgreet-core 0.3.0 (from another checkout), then failed before rgreet.
    const earlier = await repoWith(undefined);
    const env = { ...process.env, CARGO_TARGET_DIR: sharedTargetDir, CARGO_REGISTRY_TOKEN: registry.token };
    await setVersion({ cwd: earlier, env, manifestPath: "Cargo.toml", version: "0.3.0" });
    const only = { registry: registry.indexUrl, packages: ["rgreet-core"], noVerify: true };
    await publish(only, testContext(earlier, { env }));
    expect(registry.crates().map((c) => `${c.name}@${c.vers}`)).toContain("rgreet-core@0.3.0");

    const cwd = await repoWith(releaserc());
    const res = await plan("--cwd", cwd, "--version", "0.3.0");
    expect(res.code).toBe(0);
    expect(res.stdout).toContain("1. rgreet-core 0.3.0 (already in the index: skipped)");
    expect(res.stdout).not.toContain("--package=rgreet-core");
    expect(res.stdout).toContain("2. rgreet 0.3.0 (after rgreet-core; not in the index yet)");
    expect(res.stdout).toContain("$ cargo publish --manifest-path=Cargo.toml --package=rgreet ");
  });

  it("reports a plugin's configuration error and exits 2, still printing the other plans", async () => {
    const config = releaserc();
    config.plugins[4] = ["semantic-release-rust/docker", { images: ["Not An Image!"] }];
    const cwd = await repoWith(config);
    const res = await plan("--cwd", cwd);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/^semantic-release-rust\/docker: EDOCKERIMAGENAME /m);
    expect(res.stdout).toMatch(/^semantic-release-rust\/docker:\n {2}no plan: EDOCKERIMAGENAME /m);
    expect(res.stdout).toContain("in order: rgreet-core@0.2.0, rgreet@0.2.0");
  });

  it.each([
    [
      "an invalid --version",
      () => releaserc(),
      ["--version", "next"],
      /--version must be a semantic version/,
    ],
    ["a version not above Cargo's", () => releaserc(), ["--version", "0.1.0"], /0\.1\.0 is not greater than/],
    ["an unknown option", () => releaserc(), ["--dry"], /unknown option --dry/],
    ["no release configuration", () => undefined, [], /no release configuration/],
    [
      "a release configuration that is not JSON",
      () => "plugins: []",
      [],
      /Cannot read the release configuration \.releaserc\.json/,
    ],
    [
      "no plugin of this bundle",
      () => ({ plugins: ["@semantic-release/npm"] }),
      [],
      /lists no semantic-release-rust/,
    ],
  ])("exits 2 with a one-line reason on %s", async (_what, config, args, reason) => {
    const cwd = await repoWith(config());
    const res = await plan("--cwd", cwd, ...args);
    expect(res.code).toBe(2);
    expect(res.stdout).toBe("");
    expect(res.stderr).toMatch(reason);
    expect(res.stderr.trimEnd().split("\n")).toHaveLength(1);
  });

  it("with --json prints one object: the release, the build matrix, the images and every plugin's plan data", async () => {
    const cwd = await repoWith(releaserc());
    const res = await plan("--cwd", cwd, "--json", "--version", "0.3.0");
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout) as PlanJson;
    expect(out).toMatchObject({
      version: "0.3.0",
      gitTag: "v0.3.0",
      channel: null,
      configFile: ".releaserc.json",
    });
    expect(out.matrix).toEqual([
      {
        target: HOST,
        os: "linux",
        builder: "cargo",
        artifacts: [`rgreet-v0.3.0-${HOST}.tar.gz`, `rgreet-v0.3.0-${HOST}.tar.gz.sha256`],
      },
    ]);
    expect(out.images).toEqual([
      { name: "ghcr.io/acme/rgreet", tags: ["0.3.0", "0.3", "0", "latest"], platforms: ["linux/amd64"] },
    ]);
    expect(out.plugins.map((p) => [p.plugin, p.status, p.data?.plugin])).toEqual(
      ["", "/binaries", "/crates", "/docker", "/github"].map((s) => [
        `semantic-release-rust${s}`,
        "ok",
        `semantic-release-rust${s}`,
      ]),
    );
    const github = out.plugins.find((p) => p.data?.plugin === "semantic-release-rust/github")?.data;
    // The SBOM of each archive is made where the manifest is written, not by the matrix job.
    const [archive, checksum] = out.matrix[0]?.artifacts ?? [];
    expect(github).toMatchObject({
      assetsFrom: "binaries plan",
      assets: [archive, `${archive}.cdx.json`, checksum, "SHA256SUMS", "manifest.json", "LICENSE"],
    });
    // The crates in publishing order, the same in the data and in the lines rendered from it.
    const crates = out.plugins[2];
    expect(
      crates?.data?.plugin === "semantic-release-rust/crates" && crates.data.crates.map((c) => c.name),
    ).toEqual(["rgreet-core", "rgreet"]);
    expect(crates?.lines[0]).toContain("in order: rgreet-core@0.3.0, rgreet@0.3.0");
  });

  it("with --json still exits 2 on a misconfigured plugin, its problems in the object and on stderr", async () => {
    const config = releaserc();
    config.plugins[4] = ["semantic-release-rust/docker", { images: ["Not An Image!"] }];
    const cwd = await repoWith(config);
    const res = await plan("--cwd", cwd, "--json");
    expect(res.code).toBe(2);
    const out = JSON.parse(res.stdout) as PlanJson;
    expect(out.images).toEqual([]);
    const docker = out.plugins.find((p) => p.plugin === "semantic-release-rust/docker");
    expect(docker).toMatchObject({ status: "misconfigured", problems: [{ code: "EDOCKERIMAGENAME" }] });
    expect(docker?.data).toBeUndefined();
    expect(res.stderr).toMatch(/^semantic-release-rust\/docker: EDOCKERIMAGENAME /m);
  });

  it("runs cargo metadata once for the whole plan", async () => {
    const cwd = await repoWith(releaserc());
    const log = join(cwd, "..", `cargo-calls-${Date.now()}`);
    const wrapper = join(cwd, "..", `cargo-wrapper-${Date.now()}.sh`);
    await writeFile(wrapper, `#!/bin/sh\necho "$1" >> '${log}'\nexec cargo "$@"\n`, { mode: 0o755 });
    dirs.push(log, wrapper);
    const res = await plan("--cwd", cwd, { CARGO: wrapper });
    expect(res.code).toBe(0);
    const calls = (await readFile(log, "utf8")).split("\n").filter(Boolean);
    expect(calls.filter((c) => c === "metadata")).toHaveLength(1);
  });
});
