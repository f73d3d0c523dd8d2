import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tinyImage } from "../helpers/oci-images.js";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepare, publish, verifyConditions } from "../../src/docker/index.js";
import { writeManifest } from "../../src/manifest/dist-manifest.js";
import { blobOf } from "../../src/oci/digest.js";
import { MediaType } from "../../src/oci/media-types.js";
import { RegistryClient } from "../../src/oci/registry/client.js";
import { pushByDigest, tagManifest } from "../../src/oci/registry/push.js";
import { stableJson } from "../../src/oci/stable-json.js";
import { exec } from "../../src/util/exec.js";
import { errorCodes, rejection, testContext } from "../helpers/context.js";
import { gitCommit, gitRepo, type TestRepo } from "../helpers/git-utils.js";
import { startDockerd } from "../stand-ins/oci-dockerd.js";
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
      "--build-arg=VERSION=1.0.0",
    );
    expect(registry.requests.filter((r) => r.method !== "GET")).toEqual([]);
  });

  it("publish pushes the OCI layout buildx leaves: an index named otherwise, with an attestation manifest", async () => {
    // An image index like buildx's (one platform and its provenance attestation), put in a registry and copied by
    // skopeo into the layout folder under the name `latest`, as buildx's oci exporter names it.
    const { image } = tinyImage("amd64");
    const statement = blobOf(
      "application/vnd.in-toto+json",
      stableJson({ _type: "https://in-toto.io/Statement/v0.1" }),
    );
    const attConfig = blobOf(
      MediaType.config,
      stableJson({ architecture: "unknown", os: "unknown", rootfs: { type: "layers", diff_ids: [] } }),
    );
    const attestation = blobOf(
      MediaType.manifest,
      stableJson({
        schemaVersion: 2,
        mediaType: MediaType.manifest,
        config: attConfig.descriptor,
        layers: [statement.descriptor],
      }),
      {
        platform: { os: "unknown", architecture: "unknown" },
        annotations: {
          "vnd.docker.reference.digest": image.manifest.descriptor.digest,
          "vnd.docker.reference.type": "attestation-manifest",
        },
      },
    );
    const index = blobOf(
      MediaType.index,
      stableJson({
        schemaVersion: 2,
        mediaType: MediaType.index,
        manifests: [image.manifest.descriptor, attestation.descriptor],
      }),
    );
    const blobs = new Map(
      [image.layer, image.config, image.manifest, statement, attConfig, attestation, index].map((b) => [
        b.descriptor.digest,
        b.data,
      ]),
    );
    const client = new RegistryClient({ apiHost: registry.host, insecure: true });
    await pushByDigest(client, "built/app", index.descriptor, {
      readBlob: async (d) => blobs.get(d) ?? Buffer.alloc(0),
    });
    await tagManifest(client, "built/app", "src", index.descriptor, index.data);
    await rm(join(repo.cwd, "dist/oci"), { recursive: true, force: true });
    await mkdir(join(repo.cwd, "dist"), { recursive: true });
    await exec("skopeo", [
      "copy",
      "--all",
      "--src-tls-verify=false",
      `docker://${registry.host}/built/app:src`,
      `oci:${join(repo.cwd, "dist/oci")}:latest`,
    ]);
    const layoutIndex = JSON.parse(await readFile(join(repo.cwd, "dist/oci/index.json"), "utf8")) as {
      manifests: { annotations: Record<string, string> }[];
    };
    expect(layoutIndex.manifests.map((m) => m.annotations["org.opencontainers.image.ref.name"])).toEqual([
      "latest",
    ]);
    registry.requests.length = 0;
    const config = { images: [`${registry.host}/app`], builder: "buildx" };
    const result = await publish(config, ctx());
    expect(result).toMatchObject({ url: `${registry.host}/app@${index.descriptor.digest}` });
    const raw = await exec("skopeo", [
      "inspect",
      "--raw",
      "--tls-verify=false",
      `docker://${registry.host}/app:1.0.0`,
    ]);
    const pushed = JSON.parse(raw.stdout) as { manifests: { platform: { architecture: string } }[] };
    expect(pushed.manifests.map((m) => m.platform.architecture)).toEqual(["amd64", "unknown"]);
    for (const tag of ["1.0", "1", "latest"]) {
      const digest = await exec("skopeo", [
        "inspect",
        "--tls-verify=false",
        "--format",
        "{{.Digest}}",
        `docker://${registry.host}/app:${tag}`,
      ]);
      expect(digest.stdout.trim()).toBe(index.descriptor.digest);
    }
    expect(registry.blobUploads()).toBeGreaterThan(0);
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

describe("docker plugin, buildx builder, logging in to the registries", () => {
  const AUTH = { user: "builder", password: "login-pass-7f3a" };
  let registry: RunningRegistry;
  let repo: TestRepo;
  let home: string;
  let dockerd: Awaited<ReturnType<typeof startDockerd>>;

  beforeAll(async () => {
    [registry, repo, dockerd, home] = await Promise.all([
      startRegistry({ auth: AUTH }),
      gitRepo(),
      startDockerd(),
      mkdtemp(join(tmpdir(), "srr-docker-config-")),
    ]);
    await writeFile(join(repo.cwd, "Cargo.toml"), '[package]\nname = "app"\nversion = "1.0.0"\n');
    await writeFile(join(repo.cwd, "Dockerfile"), "FROM scratch\n");
    await gitCommit(repo.cwd, "chore: init");
  });
  afterAll(async () => {
    await registry?.stop();
    if (dockerd && "stop" in dockerd) await dockerd.stop();
    if (repo) await rm(repo.base, { recursive: true, force: true });
    if (home) await rm(home, { recursive: true, force: true });
  });

  it("prepare logs in with the password on stdin (a real dockerd checks it); a refusal is EDOCKERLOGIN", async (t) => {
    if ("skip" in dockerd) {
      console.log(`skipped: ${dockerd.skip}`);
      t.skip();
      return;
    }
    const config = { images: [`${registry.host}/team/app`], builder: "buildx", platforms: ["linux/amd64"] };
    const ctx = (password: string) =>
      testContext(repo.cwd, {
        env: {
          ...process.env,
          DOCKER_HOST: (dockerd as { host: string }).host,
          DOCKER_CONFIG: home,
          DOCKER_USERNAME: AUTH.user,
          DOCKER_PASSWORD: password,
        },
        nextRelease: { version: "1.0.0", gitTag: "v1.0.0", gitHead: "HEAD", channel: null },
      });
    const good = ctx(AUTH.password);
    const result = prepare(config, good);
    if (hasBuildx) await result;
    else expect(errorCodes(await rejection(result))).toEqual(["EDOCKERBUILD"]);
    expect(good.lines).toContain(`Logged in to ${registry.host}`);
    // The login went to a temporary config folder, not to the user's `DOCKER_CONFIG` (see docker-buildx-login).
    expect(await readdir(home)).toEqual([]);
    expect(good.lines.join("\n")).not.toContain(AUTH.password);

    const bad = ctx("wrong-password");
    const error = await rejection(prepare(config, bad));
    expect(errorCodes(error)).toEqual(["EDOCKERLOGIN"]);
    expect((error as { details: string }).details).toContain("`DOCKER_USERNAME`, `DOCKER_PASSWORD`");
    expect((error as { details: string }).details).not.toContain("wrong-password");
    expect(bad.lines.some((l) => l.startsWith("Running docker buildx build"))).toBe(false);
    expect(registry.blobUploads()).toBe(0);
  });
});
