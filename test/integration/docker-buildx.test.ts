import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepare, publish, verifyConditions } from "../../src/docker/index.js";
import { writeManifest } from "../../src/manifest/dist-manifest.js";
import { exec } from "../../src/util/exec.js";
import { errorCodes, rejection, testContext } from "../helpers/context.js";
import { gitCommit, gitRepo, type TestRepo } from "../helpers/git-utils.js";
import { startRegistry, type RunningRegistry } from "../stand-ins/oci-registry.js";

const buildx = await exec("docker", ["buildx", "version"], { reject: false }).catch(() => ({
  code: 127,
  stdout: "",
  stderr: "",
}));
const hasBuildx = buildx.code === 0;

describe("docker plugin, buildx builder", () => {
  let registry: RunningRegistry;
  let repo: TestRepo;
  let head: string;
  const ctx = () =>
    testContext(repo.cwd, {
      nextRelease: { version: "1.0.0", gitTag: "v1.0.0", gitHead: head, channel: null },
    });

  beforeAll(async () => {
    registry = await startRegistry();
    repo = await gitRepo();
    await writeFile(
      join(repo.cwd, "Cargo.toml"),
      '[package]\nname = "app"\nversion = "1.0.0"\nlicense = "MIT"\n',
    );
    head = await gitCommit(repo.cwd, "chore: init");
  });
  afterAll(async () => {
    await registry?.stop();
    if (repo) await rm(repo.base, { recursive: true, force: true });
  });

  it("verifyConditions wants the Dockerfile and docker buildx", async () => {
    const error = await rejection(
      verifyConditions({ images: [`${registry.host}/app`], builder: "buildx" }, ctx()),
    );
    expect(errorCodes(error)).toEqual(hasBuildx ? ["ENODOCKERFILE"] : ["ENODOCKERFILE", "ENOBUILDX"]);
  });

  it("without every platform's binary in the manifest, the default builder is buildx", async () => {
    await mkdir(join(repo.cwd, "dist"), { recursive: true });
    await writeManifest(join(repo.cwd, "dist"), { schemaVersion: 1, version: "1.0.0", artifacts: [] });
    await writeFile(join(repo.cwd, "Dockerfile"), "FROM scratch\nARG VERSION\nLABEL version=$VERSION\n");
    const c = ctx();
    const result = prepare({ images: [`${registry.host}/app`], platforms: ["linux/amd64"] }, c);
    if (hasBuildx) await result;
    else expect(errorCodes(await rejection(result))).toEqual(["EDOCKERBUILD"]);
    expect(c.lines).toContain("Building images for 1.0.0 with the buildx builder");
    expect(c.lines.find((l) => l.startsWith("Running docker buildx build"))).toContain(
      "--build-arg VERSION=1.0.0",
    );
    expect(registry.requests.filter((r) => r.method !== "GET")).toEqual([]);
  });

  it.skipIf(!hasBuildx)(
    "builds with buildx in prepare and pushes in publish (needs docker buildx)",
    async () => {
      const config = {
        images: [`${registry.host}/app`],
        builder: "buildx",
        platforms: ["linux/amd64", "linux/arm64"],
      };
      await prepare(config, ctx());
      expect(registry.blobUploads()).toBe(0);
      await publish(config, ctx());
      const raw = await exec("skopeo", [
        "inspect",
        "--raw",
        "--tls-verify=false",
        `docker://${registry.host}/app:1.0.0`,
      ]);
      expect(raw.stdout).toContain("arm64");
    },
  );
  if (!hasBuildx) console.log("skipped the real buildx run: `docker buildx` is not installed here");
});
