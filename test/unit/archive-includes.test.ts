import { rm, symlink } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resolveIncludes } from "../../src/binaries/include-globs.js";
import { compressionLevel } from "../../src/binaries/archive-compress.js";
import { archivesOptions } from "../../src/config/options/archives.js";
import { loadConfig } from "../../src/config/index.js";
import { commitAll, fakeWorkspace, tempDir, writeFiles } from "../helpers/archive-fixtures.js";

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  await fakeWorkspace(dir, "rgreet");
});
afterEach(() => cleanup());

const env = process.env;
const resolve = (patterns: string[], defaults = false) => resolveIncludes(dir, patterns, { defaults, env });
const dests = async (patterns: string[], defaults = false) =>
  (await resolve(patterns, defaults)).map(
    (i) => `${i.dest}${i.executable ? " (x)" : ""}${i.linkTarget ? ` -> ${i.linkTarget}` : ""}`,
  );
/** The codes of a rejection (one error or an AggregateError). */
const codes = (patterns: string[], defaults = false) =>
  resolve(patterns, defaults).then(
    () => [],
    (e: { code?: string; errors?: { code: string }[] }) => (e.errors ?? [e]).map((x) => x.code),
  );

describe("resolveIncludes", () => {
  it("packages README*, LICENSE*, CHANGELOG*, demo/ and configs/ from the root by default", async () => {
    await writeFiles(dir, { "readme.txt": "x", "sub/LICENSE": "x" });
    await commitAll(dir);
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

  it("keeps a committed in-tree link as a link, and copies a link to a file left out", async () => {
    await symlink("configs", join(dir, "configs-link"));
    await symlink("../README.md", join(dir, "demo/README.md"));
    await commitAll(dir);
    expect(await dests(["configs-link"], true)).toEqual([
      "CHANGELOG.md",
      "LICENSE-MIT",
      "README.md",
      "configs-link -> configs",
      "configs/app.conf",
      "demo/README.md -> ../README.md",
      "demo/run-demo.sh (x)",
    ]);
    const found = await resolve(["demo"]);
    expect(found.map((i) => [i.dest, i.source, i.linkTarget])).toEqual([
      ["demo/README.md", join(dir, "README.md"), undefined],
      ["demo/run-demo.sh", join(dir, "demo/run-demo.sh"), undefined],
    ]);
  });

  it("matches the release commit, not the disk: untracked and ignored files are left out", async () => {
    await writeFiles(dir, { ".gitignore": "demo/.env\n" });
    await commitAll(dir);
    await writeFiles(dir, { "demo/.env": "TOKEN=secret\n", "demo/new.sh": "echo new\n", "NOTES.md": "x" });
    expect(await dests(["demo"])).toEqual(["demo/run-demo.sh (x)"]);
    expect(await codes(["NOTES.md"])).toEqual(["EINCLUDENOMATCH"]);
  });

  it("refuses a packaged tracked file modified or deleted on disk, naming it, unless the release writes it", async () => {
    await writeFiles(dir, { "demo/run-demo.sh": "echo changed\n" });
    await rm(join(dir, "configs/app.conf"));
    const failure = await resolve([], true).catch((e: AggregateError) => e);
    expect(
      (failure as AggregateError).errors.map((e: { code: string; message: string }) => [e.code, e.message]),
    ).toEqual([
      ["EUNCOMMITTEDFILE", "`demo/run-demo.sh` would be packaged but is modified on disk."],
      ["EUNCOMMITTEDFILE", "`configs/app.conf` would be packaged but is deleted on disk."],
    ]);
    await writeFiles(dir, { "CHANGELOG.md": "## 1.3.0\n", "demo/new.md": "new\n" });
    const written = new Set([join(dir, "CHANGELOG.md"), join(dir, "demo/new.md")]);
    const found = await resolveIncludes(dir, ["CHANGELOG.md", "demo/*.md"], {
      defaults: false,
      env,
      written,
    });
    expect(found.map((i) => [i.dest, i.onDisk])).toEqual([
      ["CHANGELOG.md", "written"],
      ["demo/new.md", "written"],
    ]);
  });

  it("refuses links that leave the workspace, are absolute, go through .git, dangle or loop", async () => {
    const links: Record<string, string> = {
      "demo/passwd": "/etc/passwd",
      "demo/up": "../..",
      "demo/gitconfig": "../.git/config",
      "demo/ssh": join(dir, "..", ".ssh"),
      "demo/gone": "nothing-here.txt",
      "demo/loop": "loop",
    };
    for (const [path, target] of Object.entries(links)) await symlink(target, join(dir, path));
    await commitAll(dir);
    const failure = (await resolve(["demo"]).catch((e: unknown) => e)) as AggregateError;
    expect(failure.errors.map((e: { code: string }) => e.code)).toEqual(Array(6).fill("EINCLUDELINK"));
    const messages = failure.errors.map((e: { message: string }) => e.message).join("\n");
    for (const [path, target] of Object.entries(links))
      expect(messages).toContain(`\`${path}\` -> \`${target}\``);
    expect(messages).toContain("through the `.git` folder");
    expect(messages).toContain("loop");
  });

  it('refuses "from" paths outside the workspace, with or without "->", and names with control characters', async () => {
    await symlink("../..", join(dir, "up"));
    await writeFiles(dir, { "demo/bad\nname.txt": "x" });
    await commitAll(dir);
    for (const pattern of [
      "../secret.txt -> secret.txt",
      "demo/../../x -> y",
      "/etc/passwd -> passwd",
      "../secret.txt",
      "up/etc/passwd -> passwd",
    ])
      expect(await codes([pattern])).toEqual(["EARCHIVEPATH"]);
    expect(await codes(["demo/*.txt"])).toEqual(["EARCHIVEPATH"]);
  });

  it("refuses patterns that match nothing, destinations outside the archive and clashes", async () => {
    await expect(resolve(["examples/*.md"], true)).rejects.toMatchObject({
      code: "EINCLUDENOMATCH",
    });
    await expect(resolve(["README.md -> ../README.md"])).rejects.toMatchObject({ code: "EARCHIVEPATH" });
    await expect(resolve(["README.md -> /tmp/"])).rejects.toMatchObject({
      code: "EARCHIVEPATH",
    });
    await expect(resolve(["README.md -> x.md", "CHANGELOG.md -> x.md"])).rejects.toMatchObject({
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
