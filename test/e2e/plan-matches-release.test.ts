import { execFile } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseManifest } from "../../src/manifest/dist-manifest.js";
import type { PlanJson } from "../../src/plan/plan-json.js";
import type { PluginPlanData } from "../../src/plan/release-plan.js";
import { sharedTargetDir } from "../helpers/cargo-env.js";
import { HOST } from "../helpers/cross-toolchain.js";
import { git, gitCommit, initExamplesRepo, removeRepo, type TestRepo } from "../helpers/git-utils.js";
import { repoRoot } from "../helpers/paths.js";
import { runRelease } from "../helpers/run-release.js";
import { startCratesSandbox, type CratesSandbox } from "../stand-ins/crates-env.js";
import { startGitHubStandIn, type GitHubStandIn } from "../stand-ins/github-server.js";
import { startRegistry, type RunningRegistry } from "../stand-ins/oci-registry.js";
import { parseRepositoryUrl } from "../../src/github/parse-repository-url.js";

const run = promisify(execFile);
const AUTH = { user: "ci", password: "registry-pass" };

/** `semantic-release-rust plan --json` with the real CLI, in `cwd`. */
async function planJson(cwd: string, env: Record<string, string>): Promise<PlanJson> {
  const cli = join(repoRoot, "dist/src/cli.js");
  const { stdout } = await run("node", [cli, "plan", "--json", "--cwd", cwd], {
    env: { ...process.env, ...env },
  });
  return JSON.parse(stdout) as PlanJson;
}

/** One plugin's plan data, by plugin name. */
function dataOf<P extends PluginPlanData["plugin"]>(
  plan: PlanJson,
  plugin: P,
): Extract<PluginPlanData, { plugin: P }> {
  const data = plan.plugins.find((p) => p.plugin === plugin)?.data;
  if (data?.plugin !== plugin) throw new Error(`no plan data for ${plugin}: ${JSON.stringify(plan.plugins)}`);
  return data as Extract<PluginPlanData, { plugin: P }>;
}

describe("the plan printed before a release is what the release does", () => {
  let repo: TestRepo;
  let crates: CratesSandbox;
  let registry: RunningRegistry;
  let gh: GitHubStandIn;
  const image = () => `${registry.host}/example/rgreet`;
  const plugins = () => [
    "@semantic-release/commit-analyzer",
    "semantic-release-rust",
    ["semantic-release-rust/binaries", { targets: [HOST] }],
    ["semantic-release-rust/crates", { ...crates.pluginConfig, allowDirty: true }],
    ["semantic-release-rust/docker", { images: [image()] }],
    ["semantic-release-rust/github", { assets: ["LICENSE"] }],
  ];
  const env = () => ({
    ...crates.env,
    ...gh.env(),
    CARGO_TARGET_DIR: sharedTargetDir,
    DOCKER_USERNAME: AUTH.user,
    DOCKER_PASSWORD: AUTH.password,
  });

  beforeAll(async () => {
    [crates, registry, gh, repo] = await Promise.all([
      startCratesSandbox(),
      startRegistry({ auth: AUTH }),
      startGitHubStandIn(),
      initExamplesRepo(),
    ]);
    // `plan` reads the release configuration from the repository, as semantic-release does.
    const rc = { repositoryUrl: repo.repositoryUrl, branches: ["main"], plugins: plugins() };
    await writeFile(join(repo.cwd, ".releaserc.json"), `${JSON.stringify(rc, null, 2)}\n`);
    await gitCommit(repo.cwd, "chore: release configuration");
    await git(repo.cwd, "push", "-q", "origin", "main");
  });
  afterAll(async () => {
    await Promise.all([crates?.stop(), registry?.stop(), gh?.stop()]);
    if (repo) await removeRepo(repo);
  });

  it("ships the planned archives, crates in the planned order, the planned image tags and GitHub assets", async () => {
    const plan = await planJson(repo.cwd, env());
    expect(plan.plugins.map((p) => [p.plugin, p.status, p.problems])).toEqual(
      plugins()
        .slice(1)
        .map((p) => [Array.isArray(p) ? p[0] : p, "ok", []]),
    );
    expect(plan).toMatchObject({ version: "0.2.0", gitTag: "v0.2.0", channel: null });

    const { result, output } = await runRelease(repo.cwd, {
      repositoryUrl: repo.repositoryUrl,
      plugins: plugins(),
      env: env(),
    });
    if (!result) throw new Error(`no release:\n${output}`);
    expect(result.nextRelease.version).toBe(plan.version);

    // The archives and checksums of dist/manifest.json, target by target, are the build matrix's artifacts.
    const path = join(repo.cwd, "dist", "manifest.json");
    const manifest = parseManifest(await readFile(path, "utf8"), path);
    const shipped = manifest.artifacts.filter((a) => a.kind === "archive" || a.kind === "checksum");
    expect(plan.matrix).toEqual([
      { target: HOST, os: "linux", builder: "cargo", artifacts: expect.any(Array) },
    ]);
    expect(shipped.map((a) => a.path)).toEqual(plan.matrix.flatMap((m) => m.artifacts));

    // Crates were published in the planned order.
    const cratesPlan = dataOf(plan, "semantic-release-rust/crates");
    expect(crates.registry.crates().map((c) => `${c.name}@${c.vers}`)).toEqual(
      cratesPlan.crates.map((c) => `${c.name}@${c.version}`),
    );

    // Every tag pushed to the registry, and only those, is planned.
    const pushed = registry.requests
      .filter((r) => r.method === "PUT" && r.status === 201)
      .map((r) => /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(r.path))
      .flatMap((m) => (m && !m[2]!.startsWith("sha256:") ? [`${registry.host}/${m[1]}:${m[2]}`] : []));
    // Besides them, the SBOM referrers of each pushed index sit under the `sha256-<digest>` fallback tag
    // (distribution 2.8 has no referrers API).
    const referrerTag = /:sha256-[0-9a-f]{64}$/;
    expect([...new Set(pushed)].filter((t) => !referrerTag.test(t)).sort()).toEqual(
      plan.images.flatMap((i) => i.tags.map((t) => `${i.name}:${t}`)).sort(),
    );
    expect([...new Set(pushed)].filter((t) => referrerTag.test(t))).toEqual(
      (manifest.images ?? []).map((i) => `${i.name}:${i.digest.replace(":", "-")}`),
    );
    expect(plan.images).toEqual([
      { name: image(), tags: ["0.2.0", "0.2", "0", "latest"], platforms: ["linux/amd64"] },
    ]);

    // The GitHub release holds exactly the planned assets; the manifest lists its files in the planned order.
    const github = dataOf(plan, "semantic-release-rust/github");
    const { owner = "", repo: name = "" } = parseRepositoryUrl(repo.repositoryUrl);
    const release = gh.state.releaseByTag(owner, name, plan.gitTag, true);
    const assets = gh.state.assetsOf(release?.id ?? -1).map((a) => a.name);
    // Each archive's SBOM follows it, as in the manifest's order.
    const files = manifest.artifacts.filter((a) => ["archive", "checksum", "sbom"].includes(a.kind));
    expect(github.assets).toEqual([...files.map((a) => a.path), "SHA256SUMS", "manifest.json", "LICENSE"]);
    expect(assets.sort()).toEqual([...github.assets].sort());
  });
});
