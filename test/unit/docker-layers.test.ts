import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { assembleImage, assembleIndex } from "../../src/oci/image.js";
import { deterministicGzip } from "../../src/oci/gzip.js";
import { deterministicTar } from "../../src/oci/tar.js";
import { stableJson } from "../../src/oci/stable-json.js";
import { exec } from "../../src/util/exec.js";

const spec = (data: string) => ({
  platform: { os: "linux", architecture: "arm64" },
  binaries: [{ name: "rgreet", data: Buffer.from(data) }],
  entrypoint: "rgreet",
  binDir: "/usr/local/bin",
  user: "65532",
  created: "2024-05-01T10:00:00Z",
  labels: { "org.opencontainers.image.version": "1.0.0" },
});

describe("deterministic layers", () => {
  it("tar entries are sorted with their folders, owned by 0:0, dated at the commit; GNU tar reads them", async () => {
    const tar = deterministicTar(
      [
        { path: "usr/local/bin/zeta", type: "file", mode: 0o755, data: Buffer.from("z") },
        { path: "etc/app.conf", type: "file", mode: 0o644, data: Buffer.from("x = 1\n") },
      ],
      Date.parse("2024-05-01T10:00:00Z") / 1000,
    );
    const dir = await mkdtemp(join(tmpdir(), "srr-tar-"));
    try {
      await writeFile(join(dir, "layer.tar"), tar);
      const list = await exec("tar", ["--numeric-owner", "--utc", "-tvf", join(dir, "layer.tar")]);
      const lines = list.stdout.trim().split("\n");
      expect(lines.map((l) => l.split(/\s+/).at(-1))).toEqual([
        "etc/",
        "etc/app.conf",
        "usr/",
        "usr/local/",
        "usr/local/bin/",
        "usr/local/bin/zeta",
      ]);
      for (const l of lines) expect(l).toMatch(/^\S+ 0\/0 .* 2024-05-01 10:00 /);
      // No owner names either: without --numeric-owner GNU tar still shows 0/0, not root/root.
      const named = await exec("tar", ["--utc", "-tvf", join(dir, "layer.tar")]);
      for (const l of named.stdout.trim().split("\n")) expect(l).toMatch(/^\S+ 0\/0 /);
      expect(lines[5]).toMatch(/^-rwxr-xr-x /);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("keeps a layer path longer than ustar allows exact (PAX record), as GNU tar reads it", async () => {
    const long = `opt/${"plugins-".repeat(20)}/${"x".repeat(120)}`;
    const tar = deterministicTar([{ path: long, type: "file", mode: 0o644, data: Buffer.from("p") }], 0);
    const dir = await mkdtemp(join(tmpdir(), "srr-tar-"));
    try {
      await writeFile(join(dir, "layer.tar"), tar);
      const list = await exec("tar", ["-tf", join(dir, "layer.tar")]);
      expect(list.stdout.trim().split("\n").at(-1)).toBe(long);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("gzip output does not depend on the time", () => {
    const data = Buffer.from("same bytes");
    const a = deterministicGzip(data);
    expect(a.readUInt32LE(4)).toBe(0);
    expect(a[9]).toBe(255);
    expect(gunzipSync(a).toString()).toBe("same bytes");
    expect(deterministicGzip(data).equals(a)).toBe(true);
  });

  it("the same input gives the same image digests; another binary gives others", () => {
    const a = assembleImage(spec("binary v1"));
    const b = assembleImage(spec("binary v1"));
    const c = assembleImage(spec("binary v2"));
    expect(b.manifest.descriptor.digest).toBe(a.manifest.descriptor.digest);
    expect(c.manifest.descriptor.digest).not.toBe(a.manifest.descriptor.digest);
    const config = JSON.parse(a.config.data.toString()) as {
      config: { User: string; Entrypoint: string[] };
      created: string;
    };
    expect(config.config).toMatchObject({ User: "65532", Entrypoint: ["/usr/local/bin/rgreet"] });
    expect(config.created).toBe("2024-05-01T10:00:00Z");
    const index = assembleIndex([a.manifest.descriptor], {});
    expect(JSON.parse(index.data.toString()).manifests[0].platform).toEqual({
      os: "linux",
      architecture: "arm64",
    });
  });

  it("stable JSON sorts keys at every level", () => {
    expect(stableJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[{"y":2,"z":1}]},"b":1}',
    );
  });
});
