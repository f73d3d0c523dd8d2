import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyConditions } from "../../src/docker/index.js";
import { RegistryClient } from "../../src/oci/registry/client.js";
import { pushByDigest, tagManifest } from "../../src/oci/registry/push.js";
import { assembleIndex } from "../../src/oci/image.js";
import { tinyImage } from "../helpers/oci-images.js";
import { exec } from "../../src/util/exec.js";
import { errorCodes, rejection, testContext } from "../helpers/context.js";
import { fakeTime } from "../helpers/fake-time.js";
import { gitRepo, type TestRepo } from "../helpers/git-utils.js";
import { startRegistry, type RunningRegistry } from "../stand-ins/oci-registry.js";

/** A scope with its items and each item's actions sorted: distribution lists them in Go map order (random). */
const normalScope = (scope: string): string =>
  scope
    .split(" ")
    .map((item) => {
      const at = item.lastIndexOf(":");
      return `${item.slice(0, at)}:${item
        .slice(at + 1)
        .split(",")
        .sort()
        .join(",")}`;
    })
    .sort()
    .join(" ");

const READER = { user: "reader", password: "read-only-pass", pushable: ["reader/own"] };
const AUTH = { user: "robot", password: "t0ken-pass", scheme: "bearer" as const, readOnly: READER };

describe("a registry with the Bearer token flow (as Docker Hub and GHCR)", () => {
  let registry: RunningRegistry;
  let repo: TestRepo;
  const env = (password = AUTH.password, user = AUTH.user) => ({
    PATH: process.env.PATH,
    DOCKER_USERNAME: user,
    DOCKER_PASSWORD: password,
  });

  beforeAll(async () => {
    registry = await startRegistry({ auth: AUTH });
    repo = await gitRepo();
  });
  afterAll(async () => {
    await registry?.stop();
    if (repo) await rm(repo.base, { recursive: true, force: true });
  });

  it("verifyConditions asks the token server for push access and pushes nothing", async () => {
    const config = { images: [`${registry.host}/org/app`] };
    expect(
      errorCodes(
        await rejection(verifyConditions(config, testContext(repo.cwd, { env: { PATH: process.env.PATH } }))),
      ),
    ).toEqual(["ENODOCKERCREDENTIALS"]);
    expect(
      errorCodes(await rejection(verifyConditions(config, testContext(repo.cwd, { env: env("nope") })))),
    ).toEqual(["EDOCKERAUTH"]);
    await verifyConditions(config, testContext(repo.cwd, { env: env() }));
    expect(registry.tokenRequests?.at(-1)).toEqual({
      scope: "repository:org/app:pull,push",
      user: AUTH.user,
      granted: true,
    });
    expect(registry.requests.filter((r) => r.method !== "GET")).toEqual([]);
  });

  it("the client pushes with tokens, and skopeo reads the image back", async () => {
    const client = new RegistryClient({
      apiHost: registry.host,
      insecure: true,
      credentials: { username: AUTH.user, password: AUTH.password },
    });
    const { image } = tinyImage("amd64");
    const index = assembleIndex([image.manifest.descriptor], {});
    const blobs = new Map(
      [image.layer, image.config, image.manifest, index].map((b) => [b.descriptor.digest, b.data]),
    );
    const source = { readBlob: async (d: string) => blobs.get(d) ?? Buffer.alloc(0) };
    const stats = await pushByDigest(client, "org/app", index.descriptor, source);
    expect(stats.blobsSent).toBe(2);
    expect(await tagManifest(client, "org/app", "1.0.0", index.descriptor, index.data)).toBe("created");
    expect(await tagManifest(client, "org/app", "1.0.0", index.descriptor, index.data)).toBe("unchanged");
    const r = await exec("skopeo", [
      "inspect",
      "--raw",
      "--tls-verify=false",
      "--creds",
      `${AUTH.user}:${AUTH.password}`,
      `docker://${registry.host}/org/app:1.0.0`,
    ]);
    expect(JSON.parse(r.stdout).manifests[0].digest).toBe(image.manifest.descriptor.digest);
  });

  it("a blob another repository holds is mounted with a token for both repositories", async () => {
    const client = new RegistryClient({
      apiHost: registry.host,
      insecure: true,
      credentials: { username: AUTH.user, password: AUTH.password },
    });
    const { image } = tinyImage("arm64", "tool", "mounted bytes\n");
    const blobs = new Map(
      [image.layer, image.config, image.manifest].map((b) => [b.descriptor.digest, b.data]),
    );
    const source = { readBlob: async (d: string) => blobs.get(d) ?? Buffer.alloc(0) };
    expect(await pushByDigest(client, "org/origin", image.manifest.descriptor, source)).toMatchObject({
      blobsSent: 2,
    });
    registry.requests.length = 0;
    const copy = await pushByDigest(
      client,
      "org/copy",
      image.manifest.descriptor,
      source,
      undefined,
      "org/origin",
    );
    expect(copy).toMatchObject({ blobsSent: 0, blobsMounted: 2 });
    expect(
      registry.tokenRequests?.some(
        (t) => normalScope(t.scope) === "repository:org/copy:pull,push repository:org/origin:pull",
      ),
    ).toBe(true);
    expect(registry.requests.filter((r) => r.method === "PUT" && r.path.includes("/blobs/uploads/"))).toEqual(
      [],
    );
    // A repository without the blob cannot lend it: the registry starts an ordinary upload instead.
    const fresh = await pushByDigest(
      client,
      "org/third",
      image.manifest.descriptor,
      source,
      undefined,
      "org/empty",
    );
    expect(fresh).toMatchObject({ blobsSent: 2 });
    const r = await exec("skopeo", [
      "inspect",
      "--raw",
      "--tls-verify=false",
      "--creds",
      `${AUTH.user}:${AUTH.password}`,
      `docker://${registry.host}/org/copy@${image.manifest.descriptor.digest}`,
    ]);
    expect(r.code).toBe(0);
  });

  it("an account that may only pull is refused in verifyConditions, before anything is built", async () => {
    const config = { images: [`${registry.host}/org/app`] };
    const error = await rejection(
      verifyConditions(config, testContext(repo.cwd, { env: env(READER.password, READER.user) })),
    );
    expect(errorCodes(error)).toEqual(["EDOCKERAUTH"]);
    const { message, details } = error as { message: string; details: string };
    expect(message).toBe(`${registry.host} refused the credentials.`);
    expect(details).toContain("grants `pull` on `org/app`, not `push`");
    expect(details).toContain("`DOCKER_USERNAME`, `DOCKER_PASSWORD`");
    expect(registry.tokenRequests?.at(-1)).toEqual({
      scope: "repository:org/app:pull,push",
      user: READER.user,
      granted: true,
    });
  });

  it("push access is checked for every repository, also on the same registry", async () => {
    const readerEnv = env(READER.password, READER.user);
    const own = testContext(repo.cwd, { env: readerEnv });
    await verifyConditions({ images: [`${registry.host}/reader/own`] }, own);
    expect(own.lines).toContain(`Registry ${registry.host} accepts the credentials for reader/own`);
    const both = { images: [`${registry.host}/reader/own`, `${registry.host}/org/app`] };
    const error = await rejection(verifyConditions(both, testContext(repo.cwd, { env: readerEnv })));
    expect(errorCodes(error)).toEqual(["EDOCKERAUTH"]);
    expect((error as { details: string }).details).toContain("on `org/app`, not `push`");
  });

  it("a token server that does not answer is a coded error, not a crash", async () => {
    await registry.stopTokenServer?.();
    registry.requests.length = 0;
    const time = fakeTime();
    const error = await rejection(
      verifyConditions({ images: [`${registry.host}/org/app`] }, testContext(repo.cwd, { env: env() }), time),
    );
    expect(errorCodes(error)).toEqual(["EDOCKERUNREACHABLE"]);
    expect((error as { details: string }).details).toMatch(/\/token: connect ECONNREFUSED/);
    expect(time.waits).toHaveLength(3);
    expect(registry.requests.filter((r) => r.method !== "GET")).toEqual([]);
  });
});
