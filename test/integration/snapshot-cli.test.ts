import { execFile, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { snapshotVersion } from "../../src/snapshot/version.js";
import { exec } from "../../src/util/exec.js";
import { ARM64, debianCrossEnv, HOST } from "../helpers/cross-toolchain.js";
import { fileTargetDir } from "../helpers/cross-toolchain.js";
import {
  git,
  gitCommit,
  gitRepo,
  initExamplesRepo,
  remoteTags,
  removeRepo,
  type TestRepo,
} from "../helpers/git-utils.js";
import { copyExamples } from "../helpers/git-utils.js";
import { repoRoot } from "../helpers/paths.js";
import { startRegistry, type RunningRegistry } from "../stand-ins/oci-registry.js";

const run = promisify(execFile);
const cli = join(repoRoot, "dist/src/cli.js");
const env = () => ({ ...debianCrossEnv(process.env), CARGO_TARGET_DIR: fileTargetDir("snapshot-cli") });

/** Runs `semantic-release-rust snapshot` with the real CLI; never throws. */
async function snapshot(...args: string[]) {
  try {
    const { stdout, stderr } = await run("node", [cli, "snapshot", ...args], { env: env() });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe("semantic-release-rust snapshot", () => {
  let registry: RunningRegistry;
  let repo: TestRepo;
  let head: string;
  let sha7: string;
  const image = () => `${registry.host}/acme/rgreet`;

  beforeAll(async () => {
    [registry, repo] = await Promise.all([startRegistry(), initExamplesRepo()]);
    const releaserc = {
      repositoryUrl: repo.repositoryUrl,
      plugins: [
        "@semantic-release/commit-analyzer",
        "semantic-release-rust",
        ["semantic-release-rust/binaries", { targets: [HOST, ARM64], snapshotTargets: [HOST] }],
        // Never contacted: a snapshot publishes no crate.
        ["semantic-release-rust/crates", { registry: "sparse+http://127.0.0.1:9/index/" }],
        [
          "semantic-release-rust/docker",
          { images: [image()], variants: [{ suffix: "-alpine", user: "1000" }] },
        ],
      ],
    };
    await writeFile(join(repo.cwd, ".releaserc.json"), `${JSON.stringify(releaserc, null, 2)}\n`);
    // v0.1.0, then `feat:` and this commit: two commits after the last release tag.
    head = await gitCommit(repo.cwd, "ci: release config");
    sha7 = head.slice(0, 7);
  });
  afterAll(async () => {
    await registry?.stop();
    if (repo) await removeRepo(repo);
  });

  it("builds the snapshot targets at {next}-dev.{n}+{sha7}, pushes only dev tags, and leaves the tree clean", async () => {
    const version = `0.1.1-dev.2+${sha7}`;
    const res = await snapshot("--cwd", repo.cwd, "--push");
    expect(res.stderr).not.toMatch(/snapshot: E/);
    expect(res.code).toBe(0);
    const out = res.stdout.split("\n");
    expect(out[0]).toBe(`Snapshot ${version} (2 commits after v0.1.0)`);
    const archive = join(repo.cwd, "dist", `rgreet-v${version}-${HOST}.tar.gz`);
    expect(out).toContain(archive);
    expect(res.stdout).not.toContain(ARM64);
    const x = await mkdtemp(join(tmpdir(), "srr-snapshot-x-"));
    try {
      await exec("tar", ["-xzf", archive, "-C", x]);
      const printed = await exec(join(x, `rgreet-v${version}-${HOST}`, "bin", "rgreet"), ["--version"]);
      expect(printed.stdout).toContain(`rgreet ${version}\ncommit: ${head}`);
    } finally {
      await rm(x, { recursive: true, force: true });
    }
    expect(await git(repo.cwd, "status", "--porcelain")).toBe("");
    expect(await remoteTags(repo.remote)).toEqual(["v0.1.0"]);
    const tags = await exec("skopeo", ["list-tags", "--tls-verify=false", `docker://${image()}`]);
    const listed = (JSON.parse(tags.stdout) as { Tags: string[] }).Tags;
    const referrerTag = /^sha256-[0-9a-f]{64}$/;
    expect(listed.filter((t) => !referrerTag.test(t)).sort()).toEqual(
      ["dev", "dev-alpine", `dev-${sha7}`, `dev-${sha7}-alpine`].sort(),
    );
    // Each pushed index (plain and alpine) has its SBOM referrers under the `sha256-<digest>` fallback tag.
    const indexTag = async (tag: string) => {
      const raw = await exec("skopeo", [
        "inspect",
        "--raw",
        "--tls-verify=false",
        `docker://${image()}:${tag}`,
      ]);
      return `sha256-${createHash("sha256").update(raw.stdout).digest("hex")}`;
    };
    expect(listed.filter((t) => referrerTag.test(t)).sort()).toEqual(
      [await indexTag("dev"), await indexTag("dev-alpine")].sort(),
    );
    for (const tag of ["dev", `dev-${sha7}`, "dev-alpine"])
      expect(res.stdout).toContain(`${image()}:${tag} sha256:`);
    const inspect = await exec("skopeo", ["inspect", "--tls-verify=false", `docker://${image()}:dev-alpine`]);
    const labels = (JSON.parse(inspect.stdout) as { Labels: Record<string, string> }).Labels;
    expect(labels["org.opencontainers.image.version"]).toBe(version);
    expect(labels["org.opencontainers.image.revision"]).toBe(head);
  });

  it("a snapshot killed during its build is put back, byte for byte, by the next one", async () => {
    const manifest = join(repo.cwd, "Cargo.toml");
    // An uncommitted edit of the user's must survive: the restore is not a `git checkout`.
    const edited = `${await readFile(manifest, "utf8")}# local edit, not committed\n`;
    await writeFile(manifest, edited);
    const child = spawn("node", [cli, "snapshot", "--cwd", repo.cwd], { env: env(), detached: true });
    await new Promise<void>((resolve, reject) => {
      let seen = "";
      child.stderr.on("data", (d: Buffer) => {
        seen += d.toString();
        if (seen.includes("Building x86_64-unknown-linux-gnu with cargo")) {
          process.kill(-(child.pid as number), "SIGKILL");
          resolve();
        }
      });
      child.on("exit", () => reject(new Error(`snapshot ended before its build:\n${seen}`)));
    });
    expect(await readFile(manifest, "utf8")).toContain(`version = "0.1.1-dev.2+${sha7}"`);
    const out = await mkdtemp(join(tmpdir(), "srr-snapshot-dist-"));
    const res = await snapshot("--cwd", repo.cwd, "--dist", out, "--targets", HOST);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain(join(out, `rgreet-v0.1.1-dev.2+${sha7}-${HOST}.tar.gz`));
    await rm(out, { recursive: true, force: true });
    expect(res.stderr).toContain("[snapshot] Restored Cargo.toml, crates/rgreet/Cargo.toml, Cargo.lock");
    expect(await readFile(manifest, "utf8")).toBe(edited);
    expect(await git(repo.cwd, "diff", "--name-only")).toBe("Cargo.toml");
    await git(repo.cwd, "checkout", "--", "Cargo.toml");
  });

  it("refuses a wrong invocation with exit code 2", async () => {
    expect((await snapshot("--cwd", repo.cwd, "--nope")).code).toBe(2);
    const target = await snapshot("--cwd", repo.cwd, "--targets", `${HOST},linux`);
    expect(target.code).toBe(2);
    expect(target.stderr).toContain("--targets: EINVALIDTARGETS");
    expect(await git(repo.cwd, "status", "--porcelain")).toBe("");
    const bare = await mkdtemp(join(tmpdir(), "srr-snapshot-none-"));
    try {
      const res = await snapshot("--cwd", bare);
      expect(res.code).toBe(2);
      expect(res.stderr).toContain("no JSON release configuration");
    } finally {
      await rm(bare, { recursive: true, force: true });
    }
  });
});

describe("the snapshot version", () => {
  it("without a release tag, is the next patch of the Cargo version and counts every commit", async () => {
    const r = await gitRepo();
    try {
      await copyExamples(r.cwd);
      await gitCommit(r.cwd, "chore: import");
      const head = await gitCommit(r.cwd, "feat: more");
      const v = await snapshotVersion({
        cwd: r.cwd,
        env: process.env,
        tagFormat: "v${version}",
        cargoVersion: "0.1.0",
      });
      expect(v.version).toBe(`0.1.1-dev.2+${head.slice(0, 7)}`);
      await git(r.cwd, "tag", "rgreet@0.3.0", "HEAD~1");
      await git(r.cwd, "tag", "v9.0.0-not-this-format");
      const tagged = await snapshotVersion({
        cwd: r.cwd,
        env: process.env,
        tagFormat: "rgreet@${version}",
        cargoVersion: "0.1.0",
      });
      expect(tagged).toMatchObject({
        version: `0.3.1-dev.1+${head.slice(0, 7)}`,
        tag: "rgreet@0.3.0",
        commits: 1,
      });
    } finally {
      await removeRepo(r);
    }
  });
});
