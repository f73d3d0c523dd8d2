import { mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { digestHex, type Blob } from "./digest.js";
import { MediaType, type Descriptor, type ImageIndex } from "./media-types.js";
import { stableJson } from "./stable-json.js";

/** The annotation an OCI layout uses to name an image (`skopeo copy oci:DIR:NAME`). */
const REF_NAME = "org.opencontainers.image.ref.name";

/** An OCI image layout folder (`oci-layout`, `index.json`, `blobs/sha256/…`). */
export class OciLayout {
  constructor(readonly dir: string) {}

  blobPath(digest: string): string {
    return join(this.dir, "blobs", "sha256", digestHex(digest));
  }

  /** Starts an empty layout, removing an old one. */
  async reset(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
    await mkdir(join(this.dir, "blobs", "sha256"), { recursive: true });
    await writeFile(join(this.dir, "oci-layout"), stableJson({ imageLayoutVersion: "1.0.0" }));
  }

  async putBlob(blob: Blob): Promise<void> {
    const path = this.blobPath(blob.descriptor.digest);
    const exists = await stat(path).then(
      (s) => s.size === blob.data.length,
      () => false,
    );
    if (!exists) await writeFile(path, blob.data);
  }

  readBlob(digest: string): Promise<Buffer> {
    return readFile(this.blobPath(digest));
  }

  hasBlob(digest: string): Promise<boolean> {
    return stat(this.blobPath(digest)).then(
      () => true,
      () => false,
    );
  }

  /** Writes `index.json` naming the given top-level descriptors (each with its ref name). */
  async writeIndex(refs: readonly { name: string; descriptor: Descriptor }[]): Promise<void> {
    const manifests = refs.map((r) => ({
      ...r.descriptor,
      annotations: { ...r.descriptor.annotations, [REF_NAME]: r.name },
    }));
    const index = { schemaVersion: 2, mediaType: MediaType.index, manifests };
    await writeFile(join(this.dir, "index.json"), `${JSON.stringify(index, null, 2)}\n`);
  }

  async readIndex(): Promise<ImageIndex> {
    return JSON.parse(await readFile(join(this.dir, "index.json"), "utf8")) as ImageIndex;
  }

  /** The top-level descriptor named `name`, or the only one when `name` is not given. */
  async resolve(name?: string): Promise<Descriptor | undefined> {
    const index = await this.readIndex().catch(() => undefined);
    if (!index) return undefined;
    if (name === undefined) return index.manifests.length === 1 ? index.manifests[0] : undefined;
    return index.manifests.find((m) => m.annotations?.[REF_NAME] === name);
  }
}
