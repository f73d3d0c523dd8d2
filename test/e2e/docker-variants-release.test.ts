import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exec } from "../../src/util/exec.js";
import { ARM64, debianCrossEnv, hasDebianCross, HOST } from "../helpers/cross-toolchain.js";
import { initExamplesRepo, removeRepo, type TestRepo } from "../helpers/git-utils.js";
import { runRelease } from "../helpers/run-release.js";
import { staticTargetDir } from "../helpers/static-binaries.js";
import { startRegistry, type RunningRegistry } from "../stand-ins/oci-registry.js";

const digestOf = async (ref: string) => {
  const r = await exec(
    "skopeo",
    ["inspect", "--tls-verify=false", "--format", "{{.Digest}}", `docker://${ref}`],
    {
      reject: false,
    },
  );
  return r.code === 0 ? r.stdout.trim() : undefined;
};
const userOf = async (ref: string) => {
  const r = await exec("skopeo", ["inspect", "--config", "--tls-verify=false", `docker://${ref}`]);
  return (JSON.parse(r.stdout) as { config: { User: string } }).config.User;
};

describe.skipIf(!hasDebianCross())(
  "a real semantic-release run with image variants and two docker entries",
  () => {
    let registry: RunningRegistry;
    let repo: TestRepo;

    beforeAll(async () => {
      [registry, repo] = await Promise.all([startRegistry(), initExamplesRepo()]);
    });
    afterAll(async () => {
      await registry?.stop();
      if (repo) await removeRepo(repo);
    });

    it("releases 0.2.0 with its -slim variant beside it, and a second entry's image, nothing overwritten", async () => {
      const app = `${registry.host}/acme/rgreet`;
      const debug = `${registry.host}/acme/rgreet-debug`;
      const { result, output } = await runRelease(repo.cwd, {
        repositoryUrl: repo.repositoryUrl,
        plugins: [
          "@semantic-release/commit-analyzer",
          "semantic-release-rust",
          ["semantic-release-rust/binaries", { targets: [HOST, ARM64] }],
          ["semantic-release-rust/docker", { images: [app], variants: [{ suffix: "-slim", user: "1000" }] }],
          ["semantic-release-rust/docker", { images: [debug], user: "0", tags: ["{version}", "latest"] }],
        ],
        env: {
          ...(debianCrossEnv({}) as Record<string, string>),
          RUSTFLAGS: "-C target-feature=+crt-static",
          CARGO_TARGET_DIR: staticTargetDir,
        },
      });
      if (!result) throw new Error(`no release:\n${output}`);
      expect(result.nextRelease.version).toBe("0.2.0");
      expect(output).toContain("Would push the -slim variant");
      const main = await digestOf(`${app}:0.2.0`);
      const slim = await digestOf(`${app}:0.2.0-slim`);
      expect(main).toBeDefined();
      expect(slim).toBeDefined();
      for (const tag of ["0.2", "0", "latest"]) expect(await digestOf(`${app}:${tag}`)).toBe(main);
      for (const tag of ["0.2-slim", "0-slim", "slim"]) expect(await digestOf(`${app}:${tag}`)).toBe(slim);
      expect(await userOf(`${app}:slim`)).toBe("1000");
      expect(await userOf(`${debug}:latest`)).toBe("0");
      expect(await digestOf(`${debug}:0.2.0`)).toBe(await digestOf(`${debug}:latest`));
      expect(await digestOf(`${debug}:0.2`)).toBeUndefined();
      expect(output).toMatch(/Wrote the image index sha256:\w+ to \S+\/dist\/oci\n/);
      expect(output).toMatch(/Wrote the image index sha256:\w+ to \S+\/dist\/oci-2\n/);
    });
  },
);
