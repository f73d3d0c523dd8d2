import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sharedTargetDir } from "../helpers/cargo-env.js";
import { ARM64, debianCrossEnv, hasDebianCross, HOST } from "../helpers/cross-toolchain.js";
import { treeHashes } from "../helpers/fixtures.js";
import { git, initExamplesRepo, remoteTags, removeRepo, type TestRepo } from "../helpers/git-utils.js";
import { runRelease } from "../helpers/run-release.js";
import { startDemoCratesRegistry, type CratesSandbox } from "../stand-ins/crates-env.js";
import { startGitHubDemo, type GitHubDemo } from "../stand-ins/github-demo.js";
import { hasDockerRegistry } from "../stand-ins/oci-demo.js";
import { startRegistry, type RunningRegistry } from "../stand-ins/oci-registry.js";

const PUBLIC_URL = "https://github.com/example/rgreet.git";
const AUTH = { user: "preview", password: "preview-registry-pass" };

/**
 * A pull request's preview: the REAL semantic-release with `dryRun: true` and every plugin of the bundle against
 * the local GitHub, crates and OCI registries. Each plugin logs its plan; nothing is built, written or sent.
 */
describe.skipIf(!hasDockerRegistry())("semantic-release --dry-run with every plugin", () => {
  let repo: TestRepo;
  let github: GitHubDemo;
  let crates: CratesSandbox;
  let registry: RunningRegistry;
  const targets = hasDebianCross() ? [HOST, ARM64] : [HOST];
  let output = "";
  let version = "";
  let before: Record<string, string>;
  let headBefore = "";

  beforeAll(async () => {
    [repo, github, crates, registry] = await Promise.all([
      initExamplesRepo({ publicUrl: PUBLIC_URL }),
      startGitHubDemo(),
      startDemoCratesRegistry(),
      startRegistry({ auth: AUTH }),
    ]);
    before = await treeHashes(repo.cwd);
    headBefore = await git(repo.cwd, "rev-parse", "HEAD");
    const image = `${registry.host}/preview/rgreet`;
    const run = await runRelease(repo.cwd, {
      repositoryUrl: repo.repositoryUrl,
      dryRun: true,
      plugins: [
        "@semantic-release/commit-analyzer",
        "@semantic-release/release-notes-generator",
        "semantic-release-rust",
        ["semantic-release-rust/binaries", { targets }],
        ["semantic-release-rust/crates", crates.pluginConfig],
        ["semantic-release-rust/docker", { images: [image] }],
        ["@semantic-release/github", { successCommentCondition: false, failCommentCondition: false }],
        ["semantic-release-rust/github", { assets: ["LICENSE", "docs/*.pdf"] }],
      ],
      env: {
        ...((hasDebianCross() ? debianCrossEnv({}) : {}) as Record<string, string>),
        CARGO_TARGET_DIR: sharedTargetDir,
        ...github.env,
        ...crates.env,
        DOCKER_USERNAME: AUTH.user,
        DOCKER_PASSWORD: AUTH.password,
      },
    });
    if (!run.result) throw new Error(`no release planned:\n${run.output}`);
    output = run.output;
    version = run.result.nextRelease.version;
  });
  afterAll(async () => {
    await Promise.all([github?.stop(), crates?.stop(), registry?.stop()]);
    if (repo) await removeRepo(repo);
  });

  it("shows the Cargo bump and, per target, the builder, the cargo command and the archive names", () => {
    expect(version).toBe("0.2.0");
    expect(output).toContain(`Bump rgreet-core, rgreet from 0.1.0 to ${version}`);
    expect(output).toMatch(/Cargo\.toml: workspace\.package\.version/);
    expect(output).toContain(`Would build rgreet ${version} for ${targets.length} target`);
    expect(output).toContain(`${targets.map((t) => `--target=${t}`).join(" ")} --package=rgreet`);
    expect(output).toMatch(/\$ \S*cargo build --locked --release --target/);
    for (const t of targets) {
      const archive = `rgreet-v${version}-${t}.tar.gz`;
      expect(output).toContain(`${t}: ${archive} and ${archive}.sha256`);
    }
    expect(output).toContain("SHA256SUMS and manifest.json");
  });

  it("shows the crates in publishing order with their versions and commands", () => {
    expect(output).toContain(
      `Would publish 2 crates to registry \`local\`, in order: rgreet-core@${version}, rgreet@${version}`,
    );
    expect(output).toContain(`2. rgreet ${version} (after rgreet-core; not in the index yet)`);
    expect(output).toContain(
      "$ cargo publish --manifest-path=Cargo.toml --package=rgreet-core --registry=local",
    );
  });

  it("shows the image builder, platforms and every reference it would push", () => {
    const image = `${registry.host}/preview/rgreet`;
    expect(output).toContain(`Would build the image of ${version} with the oci builder`);
    expect(output).toContain("linux/amd64 (x86_64-unknown-linux-gnu)");
    if (targets.includes(ARM64)) expect(output).toContain(`linux/arm64 (${ARM64})`);
    const [major, minor] = version.split(".");
    for (const tag of [version, `${major}.${minor}`, major, "latest"])
      expect(output).toContain(`${image}:${tag}\n`);
  });

  it("shows the GitHub release, who creates it, and its assets", () => {
    expect(output).toContain(
      `@semantic-release/github (listed before this plugin) would create the GitHub release v${version} of example/rgreet`,
    );
    expect(output).toContain(
      "every archive, .sha256 file and SHA256SUMS of dist/manifest.json after prepare",
    );
    expect(output).toContain('assets "LICENSE": LICENSE');
    expect(output).toContain('assets "docs/*.pdf": matches no file now');
  });

  it("changes nothing: same files, no tag, no release, no crate, no blob or manifest, no dist/", async () => {
    expect(await treeHashes(repo.cwd)).toEqual(before);
    expect(await git(repo.cwd, "rev-parse", "HEAD")).toBe(headBefore);
    expect(await git(repo.cwd, "status", "--porcelain")).toBe("");
    expect(await remoteTags(repo.remote)).toEqual(["v0.1.0"]);
    expect(existsSync(join(repo.cwd, "dist"))).toBe(false);
    expect(github.standIn.state.releases.size).toBe(0);
    // The stand-ins saw the read-only checks (so their logs work), and nothing else.
    expect(github.standIn.state.requests.length).toBeGreaterThan(0);
    expect(github.standIn.state.requests.filter((r) => r.method !== "GET")).toEqual([]);
    expect(crates.registry.crates()).toEqual([]);
    expect(crates.registry.publishAttempts).toEqual([]);
    expect(registry.requests.length).toBeGreaterThan(0);
    expect(registry.blobUploads()).toBe(0);
    expect(registry.requests.filter((r) => r.method !== "GET" && r.method !== "HEAD")).toEqual([]);
    expect(registry.requests.some((r) => r.path.includes("/manifests/"))).toBe(false);
  });
});
