import { readFile, readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepare as prepareDocker, publish } from "../../src/docker/index.js";
import { exec } from "../../src/util/exec.js";
import { testContext } from "../helpers/context.js";
import { hasDebianCross } from "../helpers/cross-toolchain.js";
import type { TestRepo } from "../helpers/git-utils.js";
import { restampManifest, stagedExamplesRepo } from "../helpers/static-binaries.js";
import { startRegistry, type RunningRegistry } from "../stand-ins/oci-registry.js";

const DOCKER = "semantic-release-rust/docker";
const skopeo = (...args: string[]) => exec("skopeo", args, { reject: false });
const digestOf = async (ref: string) => {
  const r = await skopeo("inspect", "--tls-verify=false", "--format", "{{.Digest}}", `docker://${ref}`);
  return r.code === 0 ? r.stdout.trim() : undefined;
};
/** The image config of one architecture of `ref` (`docker://...` or `oci:...`). */
const configOf = async (ref: string, arch = "amd64") => {
  const r = await skopeo("inspect", "--config", "--tls-verify=false", "--override-arch", arch, ref);
  if (r.code !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as { config: { User: string }; rootfs: { diff_ids: string[] } };
};

describe.skipIf(!hasDebianCross())("docker image variants and two docker entries, on a real registry", () => {
  let registry: RunningRegistry;
  let repo: TestRepo;
  let head: string;
  let image: string;
  let base: string;
  const variants = () => [{ suffix: "-alpine", baseImage: `${base}:1.0.0`, user: "1000:1000" }];
  const ctx = (version: string, channel: string | null = null, plugins: unknown[] = []) =>
    testContext(repo.cwd, {
      nextRelease: { version, gitTag: `v${version}`, gitHead: head, channel },
      options: { repositoryUrl: "https://github.com/example/rgreet.git", plugins },
    });
  const prepare = async (pluginConfig: Record<string, unknown>, c: ReturnType<typeof ctx>) => {
    await restampManifest(join(repo.cwd, "dist"), c.nextRelease?.version ?? "");
    return prepareDocker(pluginConfig, c);
  };

  beforeAll(async () => {
    registry = await startRegistry();
    image = `${registry.host}/acme/rgreet`;
    base = `${registry.host}/base/runtime`;
    ({ repo, head } = await stagedExamplesRepo("1.0.0"));
    // A base image for the variant: a plain image of the same binaries, pushed to another repository.
    await prepare({ images: [base] }, ctx("1.0.0"));
    await publish({ images: [base] }, ctx("1.0.0"));
  });
  afterAll(async () => {
    await registry?.stop();
    if (repo) await rm(repo.base, { recursive: true, force: true });
  });

  it("prepare writes one index per variant into one dist/oci, sharing the binaries' layer", async () => {
    registry.requests.length = 0;
    const c = ctx("1.0.0");
    await prepare({ images: [image], variants: variants() }, c);
    const layout = join(repo.cwd, "dist/oci");
    const index = JSON.parse(await readFile(join(layout, "index.json"), "utf8")) as {
      manifests: { digest: string; annotations: Record<string, string> }[];
    };
    const refs = index.manifests.map((m) => m.annotations["org.opencontainers.image.ref.name"]);
    expect(refs).toEqual(["1.0.0", "1.0.0-alpine"]);
    expect(new Set(index.manifests.map((m) => m.digest)).size).toBe(2);
    const main = await configOf(`oci:${layout}:1.0.0`);
    const variant = await configOf(`oci:${layout}:1.0.0-alpine`);
    expect(main.config.User).toBe("65532");
    expect(variant.config.User).toBe("1000:1000");
    // The variant is the base's layers plus the very same binaries layer as the main image.
    expect(variant.rootfs.diff_ids).toHaveLength(2);
    expect(variant.rootfs.diff_ids.at(-1)).toBe(main.rootfs.diff_ids.at(-1));
    expect(c.lines).toContain(`Pulled the base image ${base}:1.0.0 for linux/arm64`);
    expect(c.lines.filter((l) => l.startsWith("Wrote the -alpine variant's image index"))).toHaveLength(1);
    expect(registry.blobUploads()).toBe(0);
  });

  it("publish pushes every tag per variant, latest as `alpine`, and sends the shared layers once", async () => {
    registry.requests.length = 0;
    const c = ctx("1.0.0");
    await publish({ images: [image], variants: variants() }, c);
    const main = await digestOf(`${image}:1.0.0`);
    const alpine = await digestOf(`${image}:1.0.0-alpine`);
    expect(main).toBeDefined();
    expect(alpine).toBeDefined();
    expect(alpine).not.toBe(main);
    for (const tag of ["1.0", "1", "latest"]) expect(await digestOf(`${image}:${tag}`)).toBe(main);
    for (const tag of ["1.0-alpine", "1-alpine", "alpine"])
      expect(await digestOf(`${image}:${tag}`)).toBe(alpine);
    const pushed = c.lines.filter((l) => l.startsWith("Pushed "));
    expect(pushed).toHaveLength(2);
    // The variant's two binaries layers are already in the repository when its turn comes.
    const [, already] = /(\d+) already there$/.exec(pushed[1] ?? "") ?? [];
    expect(Number(already)).toBeGreaterThanOrEqual(2);
    const config = await configOf(`docker://${image}:alpine`, "arm64");
    expect(config.config.User).toBe("1000:1000");
  });

  it("a prerelease channel suffixes the version and channel tags and leaves latest and alpine alone", async () => {
    const [latest, alpine] = [await digestOf(`${image}:latest`), await digestOf(`${image}:alpine`)];
    await prepare({ images: [image], variants: variants() }, ctx("1.1.0-beta.1", "beta"));
    await publish({ images: [image], variants: variants() }, ctx("1.1.0-beta.1", "beta"));
    const beta = await digestOf(`${image}:1.1.0-beta.1-alpine`);
    expect(beta).toBeDefined();
    expect(await digestOf(`${image}:beta-alpine`)).toBe(beta);
    expect(await digestOf(`${image}:beta`)).toBe(await digestOf(`${image}:1.1.0-beta.1`));
    expect(await digestOf(`${image}:latest`)).toBe(latest);
    expect(await digestOf(`${image}:alpine`)).toBe(alpine);
  });

  it("two docker entries in one config build into their own folders and push their own images", async () => {
    const first = { images: [`${registry.host}/two/app`] };
    const second = { images: [`${registry.host}/two/app-debug`], user: "0", variants: variants() };
    const plugins = ["semantic-release-rust/binaries", [DOCKER, first], [DOCKER, second]];
    const globals = { repositoryUrl: "https://github.com/example/rgreet.git", plugins };
    await prepare({ ...globals, ...first }, ctx("1.2.0", null, plugins));
    await prepare({ ...globals, ...second }, ctx("1.2.0", null, plugins));
    const refs = async (dir: string) =>
      (
        JSON.parse(await readFile(join(repo.cwd, "dist", dir, "index.json"), "utf8")) as {
          manifests: { annotations: Record<string, string> }[];
        }
      ).manifests.map((m) => m.annotations["org.opencontainers.image.ref.name"]);
    expect(await refs("oci")).toEqual(["1.2.0"]);
    expect(await refs("oci-2")).toEqual(["1.2.0", "1.2.0-alpine"]);
    expect((await readdir(join(repo.cwd, "dist"))).filter((d) => d.startsWith("oci")).sort()).toEqual([
      "oci",
      "oci-2",
    ]);
    await publish({ ...globals, ...first }, ctx("1.2.0", null, plugins));
    await publish({ ...globals, ...second }, ctx("1.2.0", null, plugins));
    expect((await configOf(`docker://${registry.host}/two/app:latest`)).config.User).toBe("65532");
    expect((await configOf(`docker://${registry.host}/two/app-debug:latest`)).config.User).toBe("0");
    expect((await configOf(`docker://${registry.host}/two/app-debug:alpine`)).config.User).toBe("1000:1000");
    expect(await digestOf(`${registry.host}/two/app:alpine`)).toBeUndefined();
  });
});
