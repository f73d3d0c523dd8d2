import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepare } from "../../src/docker/index.js";
import { readManifest, writeManifest } from "../../src/manifest/dist-manifest.js";
import { errorCodes, rejection, testContext } from "../helpers/context.js";
import { hasDebianCross } from "../helpers/cross-toolchain.js";
import { copyExamples, gitCommit, gitRepo, type TestRepo } from "../helpers/git-utils.js";
import { stageStaticBinaries } from "../helpers/static-binaries.js";

describe.skipIf(!hasDebianCross())("docker prepare records the image and checks maxSize.image", () => {
  let repo: TestRepo;
  let head: string;
  const dist = () => join(repo.cwd, "dist");
  const ctx = () =>
    testContext(repo.cwd, {
      nextRelease: { version: "0.1.0", gitTag: "v0.1.0", gitHead: head, channel: null },
    });
  const config = { images: ["registry.example.com/acme/rgreet"] };
  const limit = async (image: number) => {
    const m = await readManifest(dist());
    if (m) await writeManifest(dist(), { ...m, images: [], sizeLimits: { maxSize: { image } } });
  };

  beforeAll(async () => {
    repo = await gitRepo();
    await copyExamples(repo.cwd);
    head = await gitCommit(repo.cwd, "chore: import");
    await stageStaticBinaries({ workspace: repo.cwd, distDir: dist(), version: "0.1.0", gitHead: head });
  });
  afterAll(async () => {
    if (repo) await rm(repo.base, { recursive: true, force: true });
  });

  it("records each platform's compressed layers in the manifest and passes under the ceiling", async () => {
    await limit(50_000_000);
    const c = ctx();
    await prepare(config, c);
    const m = await readManifest(dist());
    const [image] = m?.images ?? [];
    expect(image?.name).toBe("registry.example.com/acme/rgreet");
    expect(image?.tags).toEqual(["0.1.0", "0.1", "0", "latest"]);
    expect(image?.platforms.map((p) => p.platform).sort()).toEqual(["linux/amd64", "linux/arm64"]);
    // The size is the sum of the layers of that platform's manifest in the OCI layout.
    const blob = async (d: string) =>
      JSON.parse(await readFile(join(dist(), "oci/blobs/sha256", d.slice("sha256:".length)), "utf8")) as {
        manifests?: { digest: string; platform: { architecture: string } }[];
        layers?: { size: number }[];
      };
    const index = await blob(image?.digest ?? "");
    for (const entry of index.manifests ?? []) {
      const layers = (await blob(entry.digest)).layers ?? [];
      const sum = layers.reduce((s, l) => s + l.size, 0);
      expect(image?.platforms.find((p) => p.platform === `linux/${entry.platform.architecture}`)?.size).toBe(
        sum,
      );
    }
    expect(c.lines.some((l) => /^Image linux\/amd64: \d+ bytes of compressed layers$/.test(l))).toBe(true);
  });

  it("fails with EMAXSIZE naming the image, its platform and both sizes over the ceiling", async () => {
    await limit(1000);
    const error = await rejection(prepare(config, ctx()));
    expect(errorCodes(error)).toEqual(["EMAXSIZE", "EMAXSIZE"]);
    const messages = (error as AggregateError).errors.map((e: Error) => e.message);
    expect(messages[0]).toMatch(
      /^registry\.example\.com\/acme\/rgreet \(linux\/(amd64|arm64)\) is [\d.]+ (kB|MB) \(\d+ bytes\), over the `maxSize` of 1\.00 kB \(1000 bytes\) for images\.$/,
    );
  });
});
