import { symlink } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resolveIncludes } from "../../src/binaries/include-globs.js";
import { compressionLevel } from "../../src/binaries/archive-compress.js";
import { archivesOptions } from "../../src/config/options/archives.js";
import { loadConfig } from "../../src/config/index.js";
import { fakeWorkspace, tempDir, writeFiles } from "../helpers/archive-fixtures.js";

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  await fakeWorkspace(dir, "rgreet");
});
afterEach(() => cleanup());

const dests = async (patterns: string[], defaults = false) =>
  (await resolveIncludes(dir, patterns, { defaults })).map((i) => `${i.dest}${i.executable ? " (x)" : ""}`);

describe("resolveIncludes", () => {
  it("packages README*, LICENSE*, CHANGELOG*, demo/ and configs/ from the root by default", async () => {
    await writeFiles(dir, { "readme.txt": "x", "sub/LICENSE": "x" });
    expect(await dests([], true)).toEqual([
      "CHANGELOG.md",
      "LICENSE-MIT",
      "README.md",
      "configs/app.conf",
      "demo/run-demo.sh (x)",
      "readme.txt",
    ]);
    expect(await dests([], false)).toEqual([]);
  });

  it("keeps paths relative to the root, expands folders and marks executables", async () => {
    expect(await dests(["demo", "configs/*.conf"])).toEqual(["configs/app.conf", "demo/run-demo.sh (x)"]);
    expect(await dests(["docs/**"])).toEqual([
      "docs/internal/notes.txt",
      "docs/user/faq.md",
      "docs/user/guide.md",
    ]);
  });

  it('maps "from -> to": a glob into a folder, a folder onto another, a file to a new name', async () => {
    expect(await dests(["docs/user/*.md -> docs/"])).toEqual(["docs/faq.md", "docs/guide.md"]);
    expect(await dests(["docs -> manual/"])).toEqual([
      "manual/internal/notes.txt",
      "manual/user/faq.md",
      "manual/user/guide.md",
    ]);
    expect(await dests(["LICENSE-MIT -> LICENSE"], true)).toEqual([
      "CHANGELOG.md",
      "LICENSE",
      "README.md",
      "configs/app.conf",
      "demo/run-demo.sh (x)",
    ]);
    expect(await dests(["configs/app.conf -> etc/"])).toEqual(["etc/app.conf"]);
  });

  it("follows links on disk and gives absolute sources", async () => {
    await symlink(join(dir, "configs"), join(dir, "configs-link"));
    const found = await resolveIncludes(dir, ["configs-link"], { defaults: false });
    expect(found).toEqual([
      { source: join(dir, "configs-link/app.conf"), dest: "configs-link/app.conf", executable: false },
    ]);
  });

  it("refuses patterns that match nothing, destinations outside the archive and clashes", async () => {
    await expect(resolveIncludes(dir, ["examples/*.md"], { defaults: true })).rejects.toMatchObject({
      code: "EINCLUDENOMATCH",
    });
    await expect(
      resolveIncludes(dir, ["README.md -> ../README.md"], { defaults: false }),
    ).rejects.toMatchObject({ code: "EARCHIVEPATH" });
    await expect(resolveIncludes(dir, ["README.md -> /tmp/"], { defaults: false })).rejects.toMatchObject({
      code: "EARCHIVEPATH",
    });
    await expect(
      resolveIncludes(dir, ["README.md -> x.md", "CHANGELOG.md -> x.md"], { defaults: false }),
    ).rejects.toMatchObject({
      code: "EARCHIVEDUPLICATE",
    });
  });
});

describe("archive options and settings", () => {
  it("validates the options with their defaults", () => {
    const ok = loadConfig("semantic-release-rust/binaries", archivesOptions, {
      include: "demo/**",
      compressionLevel: 9,
    });
    expect(ok.errors).toEqual([]);
    expect(ok.config).toEqual({
      archiveName: "{name}-v{version}-{target}",
      include: ["demo/**"],
      includeDefaults: true,
      compressionLevel: 9,
    });
    const bad = loadConfig("semantic-release-rust/binaries", archivesOptions, {
      archiveFormat: "rar",
      compressionLevel: 30,
      includeDefaults: "yes",
    });
    expect(bad.errors.map((e) => e.code).sort()).toEqual([
      "EINVALIDARCHIVEFORMAT",
      "EINVALIDCOMPRESSIONLEVEL",
      "EINVALIDINCLUDEDEFAULTS",
    ]);
  });

  it("checks levels per format", () => {
    expect(compressionLevel("tar.gz")).toBe(6);
    expect(compressionLevel("tar.zst")).toBe(3);
    expect(compressionLevel("tar.zst", 19)).toBe(19);
    expect(() => compressionLevel("tar.gz", 12)).toThrow(
      expect.objectContaining({ code: "ECOMPRESSIONLEVEL" }),
    );
    expect(() => compressionLevel("tar.zst", 0)).toThrow(
      expect.objectContaining({ code: "ECOMPRESSIONLEVEL" }),
    );
  });
});
