import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assembleIndex } from "../../src/oci/image.js";
import { RegistryClient } from "../../src/oci/registry/client.js";
import { attachReferrer, CYCLONEDX, listReferrers, sbomReferrer } from "../../src/oci/referrers.js";
import { tinyImage } from "../helpers/oci-images.js";
import { startReferrersRegistry, type ReferrersRegistry } from "../stand-ins/oci-referrers-registry.js";

let registry: ReferrersRegistry;
beforeAll(async () => {
  registry = await startReferrersRegistry();
});
afterAll(() => registry?.stop());

describe("OCI referrers on a registry with the referrers API (distribution spec 1.1)", () => {
  const { image } = tinyImage("amd64");
  const index = assembleIndex([image.manifest.descriptor], {});
  const sbom = { platform: "linux/amd64", target: "x86_64-unknown-linux-musl", name: "a.cdx.json" };
  const data = Buffer.from('{"bomFormat":"CycloneDX","specVersion":"1.6"}');
  const client = () => new RegistryClient({ apiHost: registry.host, insecure: true });

  it("pushes the referrer with its subject, trusts OCI-Subject and writes no sha256-<hex> tag", async () => {
    const referrer = sbomReferrer(index.descriptor, { ...sbom, data });
    expect(await attachReferrer(client(), "rgreet", index.descriptor.digest, referrer)).toBe("attached");
    expect(registry.requests).toContain(`PUT /v2/rgreet/manifests/${referrer.manifest.descriptor.digest}`);
    expect(registry.requests.filter((r) => r.includes("/manifests/sha256-"))).toEqual([]);
    const listed = await listReferrers(client(), "rgreet", index.descriptor.digest);
    expect(listed.via).toBe("api");
    expect(listed.manifests).toEqual([
      expect.objectContaining({
        digest: referrer.manifest.descriptor.digest,
        artifactType: CYCLONEDX,
        annotations: {
          "dev.semantic-release-rust.platform": "linux/amd64",
          "dev.semantic-release-rust.target": "x86_64-unknown-linux-musl",
        },
      }),
    ]);
  });

  it("the SBOM referrer is the same bytes on a re-run, and is not pushed twice", async () => {
    const again = sbomReferrer(index.descriptor, { ...sbom, data: Buffer.from(data) });
    expect(again.manifest.data).toEqual(sbomReferrer(index.descriptor, { ...sbom, data }).manifest.data);
    const puts = registry.requests.filter((r) => r.startsWith("PUT /v2/rgreet/manifests/")).length;
    expect(await attachReferrer(client(), "rgreet", index.descriptor.digest, again)).toBe("already attached");
    expect(registry.requests.filter((r) => r.startsWith("PUT /v2/rgreet/manifests/"))).toHaveLength(puts);
    expect(
      (await listReferrers(client(), "rgreet", index.descriptor.digest, CYCLONEDX)).manifests,
    ).toHaveLength(1);
  });
});
