import { rm, symlink } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resolveIncludes } from "../../src/binaries/include-globs.js";
import { compressionLevel } from "../../src/binaries/archive-compress.js";
import { materializeLinks, normalizeEntries } from "../../src/binaries/archive-paths.js";
import { includeLines } from "../../src/binaries/preview.js";
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

describe("includeGenerated: build outputs from disk", () => {
  let target: string;
  let cleanTarget: () => Promise<void>;
  beforeEach(async () => {
    ({ dir: target, cleanup: cleanTarget } = await tempDir("srr-target-"));
    await writeFiles(target, {
      "man/rgreet.1": ".TH RGREET 1\n",
      "completions/rgreet.bash": "complete\n",
      "completions/_rgreet": "#compdef\n",
    });
    await writeFiles(dir, { "gen/notes.txt": "built\n" });
  });
  afterEach(() => cleanTarget());
  const generated = (patterns: string[], checkOnly = false) =>
    resolveIncludes(dir, [], { defaults: false, env, generated: patterns, targetDir: target, checkOnly });

  it("packages files of the cargo target folder and of the workspace, mapped like include", async () => {
    const found = await generated([
      "{targetDir}/man/*.1 -> man/",
      "{targetDir}/completions -> completions/",
      "gen/notes.txt",
    ]);
    expect(found.map((f) => [f.dest, f.source, f.onDisk])).toEqual([
      ["completions/_rgreet", join(target, "completions/_rgreet"), "generated"],
      ["completions/rgreet.bash", join(target, "completions/rgreet.bash"), "generated"],
      ["gen/notes.txt", join(dir, "gen/notes.txt"), "generated"],
      ["man/rgreet.1", join(target, "man/rgreet.1"), "generated"],
    ]);
  });

  it("refuses files outside the workspace and the target folder, links resolved; checks only folders before the build", async () => {
    await symlink("/etc/passwd", join(target, "man/passwd.1"));
    const codes = (patterns: string[], checkOnly = false) =>
      generated(patterns, checkOnly).then(
        () => [],
        (e: { code?: string; errors?: { code: string }[] }) => (e.errors ?? [e]).map((x) => x.code),
      );
    expect(await codes(["{targetDir}/man/*.1 -> man/"])).toEqual(["EARCHIVEPATH"]);
    expect(await codes(["/etc/passwd -> passwd"])).toEqual(["EARCHIVEPATH"]);
    expect(await codes(["../x/*.1 -> man/"], true)).toEqual(["EARCHIVEPATH"]);
    expect(await codes(["{targetDir}/missing/*.1"])).toEqual(["EINCLUDENOMATCH"]);
    expect(await codes(["{targetDir}/missing/*.1"], true)).toEqual([]);
  });
});

describe("links to folders and the preview", () => {
  it("keeps a link to a packaged folder as a link, copies its files in zip, and shows includes in the preview", async () => {
    await writeFiles(dir, { "demo/v1/run.sh": "echo v1\n" });
    await symlink("v1", join(dir, "demo/current"));
    await commitAll(dir);
    const found = await resolve(["demo"]);
    expect(found.map((i) => [i.dest, i.linkTarget])).toEqual([
      ["demo/current", "v1"],
      ["demo/run-demo.sh", undefined],
      ["demo/v1/run.sh", undefined],
    ]);
    const entries = normalizeEntries(
      found.map((i) =>
        i.linkTarget
          ? { path: i.dest, type: "symlink" as const, linkTarget: i.linkTarget, mode: 0o777 }
          : { path: i.dest, type: "file" as const, source: i.source ?? "", mode: 0o644 },
      ),
    );
    expect(materializeLinks(entries).map((e) => `${e.path} ${e.type}`)).toEqual([
      "demo dir",
      "demo/current dir",
      "demo/current/run.sh file",
      "demo/run-demo.sh file",
      "demo/v1 dir",
      "demo/v1/run.sh file",
    ]);
    expect(includeLines(found, ["{targetDir}/man/*.1 -> man/"])).toEqual([
      "Would include in every archive (files of the release commit unless said):",
      "  demo/current (link to v1, a copy in zip)",
      "  demo/run-demo.sh",
      "  demo/v1/run.sh",
      "  {targetDir}/man/*.1 -> man/ (includeGenerated: built files, from disk)",
    ]);
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
