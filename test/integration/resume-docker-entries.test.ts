import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exec } from "../../src/util/exec.js";
import { hasDebianCross } from "../helpers/cross-toolchain.js";
import {
  copyExamples,
  git,
  gitCommit,
  gitEnv,
  gitRepo,
  removeRepo,
  type TestRepo,
} from "../helpers/git-utils.js";
import { resumeCli } from "../helpers/resume-release.js";
import { stageStaticBinaries } from "../helpers/static-binaries.js";
import { hasDockerRegistry } from "../stand-ins/oci-demo.js";
import { startRegistry, type RunningRegistry } from "../stand-ins/oci-registry.js";

const DOCKER = "semantic-release-rust/docker";
const skopeo = (...args: string[]) =>
  exec("skopeo", ["inspect", "--tls-verify=false", ...args], { reject: false });
const digestOf = async (ref: string) => {
  const r = await skopeo("--format", "{{.Digest}}", `docker://${ref}`);
  return r.code === 0 ? r.stdout.trim() : undefined;
};
const userOf = async (ref: string) =>
  (JSON.parse((await skopeo("--config", `docker://${ref}`)).stdout) as { config: { User: string } }).config
    .User;

describe.runIf(hasDebianCross() && hasDockerRegistry())(
  "resume publishes every docker entry: an app image and a debug image from two entries",
  () => {
    let registry: RunningRegistry;
    let repo: TestRepo;
    let app: string;
    let debug: string;
    const env = { ...gitEnv };
    const tags = ["0.1.0", "0.1", "0", "latest"];
    /** Every tag of both images, `image:tag digest` (or `not found`). */
    const published = async () => {
      const lines: string[] = [];
      for (const image of [app, debug])
        for (const tag of tags)
          lines.push(`${image}:${tag} ${(await digestOf(`${image}:${tag}`)) ?? "not found"}`);
      return lines;
    };

    beforeAll(async () => {
      registry = await startRegistry();
      app = `${registry.host}/acme/rgreet`;
      debug = `${registry.host}/acme/rgreet-debug`;
      // The release run tagged v0.1.0 and wrote dist/ (the binaries), then stopped before pushing any image.
      repo = await gitRepo();
      await copyExamples(repo.cwd);
      const plugins = [
        "semantic-release-rust",
        [DOCKER, { images: [app] }],
        [DOCKER, { images: [debug], user: "0" }],
      ];
      const config = { branches: ["main"], repositoryUrl: repo.repositoryUrl, plugins };
      await writeFile(join(repo.cwd, ".releaserc.json"), `${JSON.stringify(config, null, 2)}\n`);
      const head = await gitCommit(repo.cwd, "chore: release configuration");
      await git(repo.cwd, "tag", "v0.1.0");
      await git(repo.cwd, "push", "-q", "origin", "main", "v0.1.0");
      await stageStaticBinaries({
        workspace: repo.cwd,
        distDir: join(repo.cwd, "dist"),
        version: "0.1.0",
        gitHead: head,
      });
    });
    afterAll(async () => {
      await registry?.stop();
      if (repo) await removeRepo(repo);
    });

    it("builds each entry's image into its own layout and pushes both, every tag", async () => {
      expect(await published()).toEqual([app, debug].flatMap((i) => tags.map((t) => `${i}:${t} not found`)));
      const done = await resumeCli(repo.cwd, ["--tag", "v0.1.0"], env);
      expect(done.stderr).toBe("");
      expect(done.code).toBe(0);
      expect(done.stdout).toContain(`run prepare ${DOCKER} (no image for 0.1.0 in dist/oci)`);
      expect(done.stdout).toContain(`run prepare ${DOCKER} [entry 2] (no image for 0.1.0 in dist/oci-2)`);
      expect(done.stdout).toContain(`run publish ${DOCKER} [entry 2]`);
      const appDigest = await digestOf(`${app}:0.1.0`);
      const debugDigest = await digestOf(`${debug}:0.1.0`);
      expect(appDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(debugDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(debugDigest).not.toBe(appDigest);
      for (const tag of tags) {
        expect(await digestOf(`${app}:${tag}`)).toBe(appDigest);
        expect(await digestOf(`${debug}:${tag}`)).toBe(debugDigest);
      }
      // Each image is its own entry's: the debug entry runs as root, the app as the default non-root user.
      expect(await userOf(`${app}:latest`)).toBe("65532");
      expect(await userOf(`${debug}:latest`)).toBe("0");
    });

    it("a second resume builds nothing, sends no blob and moves no tag", async () => {
      const before = await published();
      registry.requests.length = 0;
      const again = await resumeCli(repo.cwd, ["--tag", "v0.1.0"], env);
      expect(again.code).toBe(0);
      expect(again.stdout).toContain(`skip prepare ${DOCKER} (dist/oci already holds 0.1.0)`);
      expect(again.stdout).toContain(`skip prepare ${DOCKER} [entry 2] (dist/oci-2 already holds 0.1.0)`);
      expect(registry.blobUploads()).toBe(0);
      expect(await published()).toEqual(before);
    });
  },
);
