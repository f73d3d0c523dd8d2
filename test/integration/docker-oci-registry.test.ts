import { cp, mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addChannel, prepare as prepareDocker, publish, verifyConditions } from "../../src/docker/index.js";
import { exec } from "../../src/util/exec.js";
import { errorCodes, rejection, testContext } from "../helpers/context.js";
import { fakeTime } from "../helpers/fake-time.js";
import { hasDebianCross, runArm64 } from "../helpers/cross-toolchain.js";
import type { TestRepo } from "../helpers/git-utils.js";
import { restampManifest, stagedExamplesRepo } from "../helpers/static-binaries.js";
import { startRegistry, type RunningRegistry } from "../stand-ins/oci-registry.js";

const AUTH = { user: "releaser", password: "s3cret-pass" };
const skopeo = (...args: string[]) => exec("skopeo", [...args], { reject: false });
/** skopeo flags for a reference: plain HTTP, and the credentials when the reference is on `authHost`. */
let authHost = "";
const flags = (ref: string) => [
  "--tls-verify=false",
  ...(ref.startsWith(authHost) ? ["--creds", `${AUTH.user}:${AUTH.password}`] : []),
];
const rawManifest = async (ref: string) => {
  const r = await skopeo("inspect", "--raw", ...flags(ref), `docker://${ref}`);
  if (r.code !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as {
    mediaType: string;
    manifests: { digest: string; platform: { architecture: string } }[];
    annotations?: Record<string, string>;
  };
};
const digestOf = async (ref: string) => {
  const r = await skopeo("inspect", ...flags(ref), "--format", "{{.Digest}}", `docker://${ref}`);
  return r.code === 0 ? r.stdout.trim() : undefined;
};

describe.skipIf(!hasDebianCross())("docker plugin, oci builder, against a real registry", () => {
  let open: RunningRegistry;
  let secured: RunningRegistry;
  let repo: TestRepo;
  let head: string;
  const release = (version: string, channel: string | null = null) => ({
    version,
    gitTag: `v${version}`,
    gitHead: head,
    channel,
  });
  const config = () => ({ images: [`${open.host}/rgreet`, `${secured.host}/team/rgreet`] });
  const env = () => ({ ...process.env, DOCKER_USERNAME: AUTH.user, DOCKER_PASSWORD: AUTH.password });
  const ctx = (version: string, channel: string | null = null) =>
    testContext(repo.cwd, {
      env: env(),
      nextRelease: release(version, channel),
      options: { repositoryUrl: "https://github.com/example/rgreet.git" },
    });

  /** prepare, with the staged binaries marked as the release's (one build serves every version here). */
  const prepare = async (pluginConfig: Record<string, unknown>, c: ReturnType<typeof ctx>) => {
    await restampManifest(join(repo.cwd, "dist"), c.nextRelease?.version ?? "");
    return prepareDocker(pluginConfig, c);
  };

  beforeAll(async () => {
    [open, secured] = await Promise.all([startRegistry(), startRegistry({ auth: AUTH })]);
    authHost = secured.host;
    ({ repo, head } = await stagedExamplesRepo("0.1.0"));
  });
  afterAll(async () => {
    await Promise.all([open?.stop(), secured?.stop()]);
    if (repo) await rm(repo.base, { recursive: true, force: true });
  });

  it("verifyConditions runs the auth handshake and pushes nothing", async () => {
    const noCreds = await rejection(
      verifyConditions(config(), testContext(repo.cwd, { env: { PATH: process.env.PATH } })),
    );
    expect(errorCodes(noCreds)).toEqual(["ENODOCKERCREDENTIALS"]);
    const wrong = { ...process.env, DOCKER_USERNAME: AUTH.user, DOCKER_PASSWORD: "wrong" };
    expect(
      errorCodes(await rejection(verifyConditions(config(), testContext(repo.cwd, { env: wrong })))),
    ).toEqual(["EDOCKERAUTH"]);
    await verifyConditions(config(), testContext(repo.cwd, { env: env() }));
    expect(
      errorCodes(await rejection(verifyConditions({ images: ["Bad Name"], tags: ["v{nope"] }, ctx("0.1.0")))),
    ).toEqual(["EDOCKERIMAGENAME", "EDOCKERTAG"]);
    expect([...open.requests, ...secured.requests].filter((r) => r.method !== "GET")).toEqual([]);
  });

  it("prepare writes a reproducible two-platform OCI layout and pushes nothing", async () => {
    const c1 = ctx("0.1.0");
    await prepare(config(), c1);
    const first = await readdir(join(repo.cwd, "dist/oci/blobs/sha256"));
    const index1 = c1.lines.find((l) => l.startsWith("Wrote the image index"));
    await prepare(config(), ctx("0.1.0"));
    const second = await readdir(join(repo.cwd, "dist/oci/blobs/sha256"));
    expect(second.sort()).toEqual(first.sort());
    expect(index1).toMatch(/sha256:[0-9a-f]{64}/);
    expect(open.blobUploads() + secured.blobUploads()).toBe(0);
    const layout = await skopeo("inspect", "--raw", `oci:${join(repo.cwd, "dist/oci")}:0.1.0`);
    const platforms = (JSON.parse(layout.stdout) as { manifests: { platform: { architecture: string } }[] })
      .manifests;
    expect(platforms.map((m) => m.platform.architecture).sort()).toEqual(["amd64", "arm64"]);
  });

  it("another clone of the same commit with the same binaries gives the same digests", async () => {
    const other = await mkdtemp(join(tmpdir(), "srr-oci-clone-"));
    try {
      await exec("git", ["clone", "-q", repo.cwd, join(other, "repo")]);
      await cp(join(repo.cwd, "dist/bin"), join(other, "repo/dist/bin"), { recursive: true });
      await cp(join(repo.cwd, "dist/manifest.json"), join(other, "repo/dist/manifest.json"));
      await prepare(
        config(),
        testContext(join(other, "repo"), {
          env: env(),
          nextRelease: release("0.1.0"),
          options: ctx("0.1.0").options,
        }),
      );
      const topDigest = async (dir: string) =>
        (
          JSON.parse(await readFile(join(dir, "dist/oci/index.json"), "utf8")) as {
            manifests: { digest: string }[];
          }
        ).manifests[0]?.digest;
      expect(await topDigest(join(other, "repo"))).toBe(await topDigest(repo.cwd));
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });

  it("publish pushes a two-platform index with the main-channel tags to both registries", async () => {
    const c = ctx("0.1.0");
    const result = await publish(config(), c);
    expect(result).toMatchObject({ url: expect.stringContaining("@sha256:") });
    expect(c.lines.join("\n")).not.toContain(AUTH.password);
    for (const image of [`${open.host}/rgreet`, `${secured.host}/team/rgreet`]) {
      const index = await rawManifest(`${image}:0.1.0`);
      expect(index.mediaType).toBe("application/vnd.oci.image.index.v1+json");
      expect(index.manifests.map((m) => m.platform.architecture).sort()).toEqual(["amd64", "arm64"]);
      const digest = await digestOf(`${image}:0.1.0`);
      for (const tag of ["0.1", "0", "latest"]) expect(await digestOf(`${image}:${tag}`)).toBe(digest);
    }
    const inspect = await skopeo(
      "inspect",
      "--tls-verify=false",
      "--override-arch",
      "amd64",
      `docker://${open.host}/rgreet:0.1.0`,
    );
    const info = JSON.parse(inspect.stdout) as { Labels: Record<string, string>; Architecture: string };
    expect(info.Labels).toMatchObject({
      "org.opencontainers.image.version": "0.1.0",
      "org.opencontainers.image.revision": head,
      "org.opencontainers.image.source": "https://github.com/example/rgreet",
      "org.opencontainers.image.licenses": "MIT",
    });
    const created = (await exec("git", ["log", "-1", "--format=%cI", head], { cwd: repo.cwd })).stdout.trim();
    expect(Date.parse(info.Labels["org.opencontainers.image.created"] ?? "")).toBe(Date.parse(created));
    // The same values as OCI annotations, on the index and on each platform's manifest.
    const annotations = {
      "org.opencontainers.image.version": "0.1.0",
      "org.opencontainers.image.revision": head,
      "org.opencontainers.image.source": "https://github.com/example/rgreet",
      "org.opencontainers.image.licenses": "MIT",
      "org.opencontainers.image.created": info.Labels["org.opencontainers.image.created"],
    };
    const index = await rawManifest(`${open.host}/rgreet:0.1.0`);
    expect(index.annotations).toMatchObject(annotations);
    for (const m of index.manifests) {
      const platformManifest = await rawManifest(`${open.host}/rgreet@${m.digest}`);
      expect(platformManifest.annotations).toMatchObject(annotations);
    }
    const config2 = await skopeo(
      "inspect",
      "--config",
      "--tls-verify=false",
      "--override-arch",
      "arm64",
      `docker://${open.host}/rgreet:0.1.0`,
    );
    const cfg = JSON.parse(config2.stdout) as {
      architecture: string;
      config: { User: string; Entrypoint: string[] };
    };
    expect(cfg).toMatchObject({
      architecture: "arm64",
      config: { User: "65532", Entrypoint: ["/usr/local/bin/rgreet"] },
    });
  });

  it("the arm64 binary taken out of its image runs under qemu and prints the version", async () => {
    const out = await mkdtemp(join(tmpdir(), "srr-oci-arm64-"));
    try {
      const copy = await skopeo(
        "copy",
        "--src-tls-verify=false",
        "--override-arch",
        "arm64",
        `docker://${secured.host}/team/rgreet:latest`,
        `dir:${out}/img`,
        "--src-creds",
        `${AUTH.user}:${AUTH.password}`,
      );
      expect(copy.stderr).toBe("");
      const manifest = JSON.parse((await exec("cat", [join(out, "img/manifest.json")])).stdout) as {
        layers: { digest: string }[];
      };
      const layer = manifest.layers.at(-1)?.digest.replace("sha256:", "") ?? "";
      await exec("tar", ["-xzf", join(out, "img", layer), "-C", out]);
      const listing = (await exec("tar", ["-tvzf", join(out, "img", layer)])).stdout;
      expect(listing).toMatch(/-rwxr-xr-x 0\/0 .* usr\/local\/bin\/rgreet/);
      const run = await runArm64(join(out, "usr/local/bin/rgreet"), ["--version"]);
      expect(run.stdout).toContain("rgreet 0.1.0");
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });

  it("a re-run sends no blob and leaves the tags alone", async () => {
    open.requests.length = 0;
    secured.requests.length = 0;
    const c = ctx("0.1.0");
    await publish(config(), c);
    expect(open.blobUploads() + secured.blobUploads()).toBe(0);
    expect([...open.requests, ...secured.requests].filter((r) => r.method === "PUT")).toEqual([]);
    expect(c.lines.filter((l) => l.includes("already up to date"))).toHaveLength(8);
  });

  it("a second image on the same registry mounts the blobs of the first instead of sending them", async () => {
    open.requests.length = 0;
    const two = { images: [`${open.host}/mount/first`, `${open.host}/mount/second`] };
    const c = ctx("0.1.0");
    await publish(two, c);
    const pushed = c.lines.filter((l) => l.startsWith("Pushed "));
    expect(pushed[0]).toMatch(
      /\/mount\/first@sha256:\w+: 4 blobs sent, 0 mounted from no other repository, 0 already there$/,
    );
    expect(pushed[1]).toMatch(
      /\/mount\/second@sha256:\w+: 0 blobs sent, 4 mounted from mount\/first, 0 already there$/,
    );
    const second = open.requests.filter((r) => r.path.startsWith("/v2/mount/second/blobs/uploads/"));
    expect(second.map((r) => `${r.method} ${r.status}`)).toEqual(Array(4).fill("POST 201"));
    expect(
      second.every((r) => r.path.includes("mount=sha256%3A") && r.path.includes("from=mount%2Ffirst")),
    ).toBe(true);
    const out = await mkdtemp(join(tmpdir(), "srr-oci-mount-"));
    try {
      const copy = await skopeo(
        "copy",
        "--all",
        "--src-tls-verify=false",
        `docker://${open.host}/mount/second:0.1.0`,
        `oci:${out}:x`,
      );
      expect(copy.code).toBe(0);
      expect(await digestOf(`${open.host}/mount/second:latest`)).toBe(
        await digestOf(`${open.host}/rgreet:0.1.0`),
      );
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });

  it("publish failures are coded errors that say what went wrong", async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, "127.0.0.1", () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const time = fakeTime();
    const down = await rejection(publish({ images: [`127.0.0.1:${port}/rgreet`] }, ctx("0.1.0"), time));
    expect(errorCodes(down)).toEqual(["EDOCKERPUSH"]);
    expect((down as { details: string }).details).toContain(`connect ECONNREFUSED 127.0.0.1:${port}`);
    // The default 3 retries, backing off from 500 ms, on the injected clock.
    expect(time.waits).toHaveLength(3);
    const none = await rejection(publish({ ...config(), distDir: "no-such-dist" }, ctx("0.1.0")));
    expect(errorCodes(none)).toEqual(["ENODOCKERLAYOUT"]);
  });

  it("a prerelease channel gets the version and channel tags; addChannel moves latest on promotion", async () => {
    const image = `${open.host}/rgreet`;
    const latestBefore = await digestOf(`${image}:latest`);
    await prepare(config(), ctx("0.2.0-beta.1", "beta"));
    await publish(config(), ctx("0.2.0-beta.1", "beta"));
    const beta = await digestOf(`${image}:0.2.0-beta.1`);
    expect(beta).toBeDefined();
    expect(beta).not.toBe(latestBefore);
    expect(await digestOf(`${image}:beta`)).toBe(beta);
    expect(await digestOf(`${image}:latest`)).toBe(latestBefore);

    await prepare(config(), ctx("0.2.0", "next"));
    await publish(config(), ctx("0.2.0", "next"));
    const next = await digestOf(`${image}:0.2.0`);
    expect(await digestOf(`${image}:next`)).toBe(next);
    expect(await digestOf(`${image}:latest`)).toBe(latestBefore);
    expect(await digestOf(`${image}:0.2`)).toBeUndefined();
    open.requests.length = 0;
    await addChannel(config(), ctx("0.2.0", null));
    for (const tag of ["latest", "0.2", "0"]) expect(await digestOf(`${image}:${tag}`)).toBe(next);
    expect(open.blobUploads()).toBe(0);
  });

  it("addChannel to another prerelease-free channel moves only that channel's tag", async () => {
    const image = `${open.host}/rgreet`;
    await prepare(config(), ctx("0.3.0", "next-major"));
    await publish(config(), ctx("0.3.0", "next-major"));
    const major = await digestOf(`${image}:0.3.0`);
    expect(await digestOf(`${image}:next-major`)).toBe(major);
    const [latest, nextBefore] = [await digestOf(`${image}:latest`), await digestOf(`${image}:next`)];
    expect(nextBefore).not.toBe(major);
    open.requests.length = 0;
    const c = ctx("0.3.0", "next");
    await addChannel(config(), c);
    expect(await digestOf(`${image}:next`)).toBe(major);
    expect(c.lines).toContain(`Tag ${image}:next → 0.3.0 (moved)`);
    expect(await digestOf(`${image}:latest`)).toBe(latest);
    expect(await digestOf(`${image}:0.3`)).toBeUndefined();
    expect(open.blobUploads()).toBe(0);
  });

  it("a base image pulled from a registry goes under the binaries' layer", async () => {
    const c = ctx("0.2.1");
    await prepare({ ...config(), baseImage: `${secured.host}/team/rgreet:0.1.0` }, c);
    expect(c.lines).toContain(`Pulled the base image ${secured.host}/team/rgreet:0.1.0 for linux/arm64`);
    const layout = `oci:${join(repo.cwd, "dist/oci")}:0.2.1`;
    const raw = await skopeo("inspect", "--raw", "--override-arch", "arm64", layout);
    const index = JSON.parse(raw.stdout) as {
      manifests: { digest: string; platform: { architecture: string } }[];
    };
    const arm = index.manifests.find((m) => m.platform.architecture === "arm64");
    const manifest = JSON.parse(
      await readFile(join(repo.cwd, "dist/oci/blobs/sha256", arm?.digest.slice(7) ?? ""), "utf8"),
    ) as { layers: unknown[] };
    expect(manifest.layers).toHaveLength(2);
    const wrong = await rejection(
      prepare({ ...config(), baseImage: `${open.host}/does-not-exist:1` }, ctx("0.2.1")),
    );
    expect(errorCodes(wrong)).toEqual(["EDOCKERBASEIMAGE"]);
  });

  it("the user, the entrypoint binary and its folder are configurable", async () => {
    await prepare({ ...config(), user: "1000:1000", binDir: "/opt/app/bin", binary: "rgreet" }, ctx("0.4.0"));
    const layout = `oci:${join(repo.cwd, "dist/oci")}:0.4.0`;
    for (const arch of ["amd64", "arm64"]) {
      const r = await skopeo("inspect", "--config", "--override-arch", arch, layout);
      const cfg = JSON.parse(r.stdout) as { config: { User: string; Entrypoint: string[]; Env: string[] } };
      expect(cfg.config.User).toBe("1000:1000");
      expect(cfg.config.Entrypoint).toEqual(["/opt/app/bin/rgreet"]);
      expect(cfg.config.Env.find((e) => e.startsWith("PATH="))).toMatch(/^PATH=\/opt\/app\/bin:/);
    }
    const wrong = await rejection(prepare({ ...config(), binary: "nope" }, ctx("0.4.0")));
    expect(errorCodes(wrong)).toEqual(["EDOCKERBINARY"]);
  });

  it("binaries of another release in dist/manifest.json do not go into the image", async () => {
    await restampManifest(join(repo.cwd, "dist"), "0.4.0");
    const before = await readFile(join(repo.cwd, "dist/oci/index.json"), "utf8");
    const error = await rejection(prepareDocker(config(), ctx("0.5.0")));
    expect(errorCodes(error)).toEqual(["EDISTMANIFEST"]);
    expect((error as Error).message).toContain("it lists the binaries of 0.4.0, not of 0.5.0");
    expect((error as { details: string }).details).toContain("List `semantic-release-rust/binaries` before");
    expect(await readFile(join(repo.cwd, "dist/oci/index.json"), "utf8")).toBe(before);
  });

  it("missing pieces are coded errors: unknown platform, platform without binaries, unpublished version", async () => {
    const platforms = await rejection(verifyConditions({ ...config(), platforms: ["amd64"] }, ctx("0.4.0")));
    expect(errorCodes(platforms)).toEqual(["EDOCKERPLATFORM"]);
    const arm7 = { ...config(), builder: "oci", platforms: ["linux/amd64", "linux/arm/v7"] };
    const missing = await rejection(prepare(arm7, ctx("0.4.0")));
    expect(errorCodes(missing)).toEqual(["ENODOCKERBINARIES"]);
    expect((missing as Error).message).toContain("No binary for linux/arm/v7");
    const never = await rejection(addChannel(config(), ctx("9.9.9", null)));
    expect(errorCodes(never)).toEqual(["EDOCKERNOTFOUND"]);
    expect((never as Error).message).toBe(`${open.host}/rgreet:9.9.9 is not in the registry.`);
  });
});
