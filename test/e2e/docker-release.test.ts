import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exec } from "../../src/util/exec.js";
import { ARM64, debianCrossEnv, hasDebianCross, HOST } from "../helpers/cross-toolchain.js";
import {
  git,
  gitCommit,
  initExamplesRepo,
  remoteTags,
  removeRepo,
  type TestRepo,
} from "../helpers/git-utils.js";
import { runRelease } from "../helpers/run-release.js";
import { staticTargetDir } from "../helpers/static-binaries.js";
import { startDockerd, type RunningDockerd } from "../stand-ins/oci-dockerd.js";
import { startRegistry, type RunningRegistry } from "../stand-ins/oci-registry.js";

const AUTH = { user: "ci", password: "registry-pass" };

const inspect = async (registry: RunningRegistry, ref: string, ...more: string[]) => {
  const creds = ["--creds", `${AUTH.user}:${AUTH.password}`];
  const r = await exec(
    "skopeo",
    ["inspect", "--tls-verify=false", ...creds, ...more, `docker://${registry.host}/${ref}`],
    {
      reject: false,
    },
  );
  return r.code === 0 ? r.stdout.trim() : undefined;
};

describe.skipIf(!hasDebianCross())("a real semantic-release run with semantic-release-rust/docker", () => {
  let registry: RunningRegistry;
  let dockerd: RunningDockerd | { skip: string };
  let repo: TestRepo;
  const plugins = () => [
    "@semantic-release/commit-analyzer",
    "semantic-release-rust",
    ["semantic-release-rust/binaries", { targets: [HOST, ARM64] }],
    ["semantic-release-rust/docker", { images: [`${registry.host}/example/rgreet`] }],
  ];
  const env = () =>
    ({
      ...debianCrossEnv({}),
      // Static glibc binaries run on `scratch`; their own target dir, as RUSTFLAGS rebuild everything.
      RUSTFLAGS: "-C target-feature=+crt-static",
      CARGO_TARGET_DIR: staticTargetDir,
      DOCKER_USERNAME: AUTH.user,
      DOCKER_PASSWORD: AUTH.password,
    }) as Record<string, string>;

  beforeAll(async () => {
    [registry, dockerd, repo] = await Promise.all([
      startRegistry({ auth: AUTH }),
      startDockerd(),
      initExamplesRepo(),
    ]);
  });
  afterAll(async () => {
    await registry?.stop();
    if (dockerd && "stop" in dockerd) await dockerd.stop();
    if (repo) await removeRepo(repo);
  });

  it("releases 0.2.0 as a two-platform image tagged for the main channel", async () => {
    const { result, output } = await runRelease(repo.cwd, {
      repositoryUrl: repo.repositoryUrl,
      plugins: plugins(),
      env: env(),
    });
    if (!result) throw new Error(`no release:\n${output}`);
    expect(result.nextRelease.version).toBe("0.2.0");
    expect(await remoteTags(repo.remote)).toEqual(["v0.1.0", "v0.2.0"]);
    const index = JSON.parse((await inspect(registry, "example/rgreet:0.2.0", "--raw")) ?? "{}") as {
      manifests: { platform: { os: string; architecture: string } }[];
    };
    expect(index.manifests.map((m) => `${m.platform.os}/${m.platform.architecture}`).sort()).toEqual([
      "linux/amd64",
      "linux/arm64",
    ]);
    const digest = await inspect(registry, "example/rgreet:0.2.0", "--format", "{{.Digest}}");
    for (const tag of ["0.2", "0", "latest"]) {
      expect(await inspect(registry, `example/rgreet:${tag}`, "--format", "{{.Digest}}")).toBe(digest);
    }
    expect(
      result.releases.some((r: { url?: string }) => r.url === `${registry.host}/example/rgreet@${digest}`),
    ).toBe(true);
  });

  it("the amd64 image is pulled and run by a real dockerd, printing the version", async (t) => {
    if ("skip" in dockerd) {
      console.log(`skipped: ${dockerd.skip}`);
      t.skip();
      return;
    }
    const d = dockerd;
    const login = await d.docker(["login", registry.host, "--username", AUTH.user, "--password-stdin"], {
      input: AUTH.password,
    });
    expect(login.code).toBe(0);
    const image = `${registry.host}/example/rgreet:latest`;
    const pull = await d.docker(["pull", "--platform", "linux/amd64", image]);
    expect(pull.stderr).toBe("");
    const run = await d.docker(["run", "--rm", "--network", "none", image, "--version"]);
    expect(run.stdout).toContain("rgreet 0.2.0");
    const user = await d.docker(["image", "inspect", "--format", "{{.Config.User}}", image]);
    expect(user.stdout.trim()).toBe("65532");
  });

  it("a prerelease branch gets the version and channel tags and leaves latest alone", async () => {
    const latest = await inspect(registry, "example/rgreet:latest", "--format", "{{.Digest}}");
    await git(repo.cwd, "checkout", "-q", "-b", "beta");
    await gitCommit(repo.cwd, "feat: beta greeting");
    await git(repo.cwd, "push", "-q", "origin", "beta");
    const { result, output } = await runRelease(repo.cwd, {
      repositoryUrl: repo.repositoryUrl,
      plugins: plugins(),
      env: env(),
      branches: ["main", { name: "beta", prerelease: true }],
    });
    if (!result) throw new Error(`no release:\n${output}`);
    expect(result.nextRelease.version).toBe("0.3.0-beta.1");
    const beta = await inspect(registry, "example/rgreet:0.3.0-beta.1", "--format", "{{.Digest}}");
    expect(beta).toBeDefined();
    expect(await inspect(registry, "example/rgreet:beta", "--format", "{{.Digest}}")).toBe(beta);
    expect(await inspect(registry, "example/rgreet:latest", "--format", "{{.Digest}}")).toBe(latest);
  });
});
