import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collectAssets } from "../../src/github/collect-assets.js";

/** `assets` patterns of the github plugin never upload a file outside the repository. */
describe("github assets stay inside the repository", () => {
  let base: string;
  let cwd: string;
  const collect = (assets: string[]) =>
    collectAssets({ cwd, distDir: "dist", manifest: undefined, assets, vars: {} as never });
  const codeOf = (p: Promise<unknown>) =>
    p.then(
      () => "resolved",
      (e: { code?: string }) => e.code,
    );

  beforeAll(async () => {
    base = await mkdtemp(join(tmpdir(), "srr-assets-"));
    cwd = join(base, "repo");
    await mkdir(join(cwd, "out/sub"), { recursive: true });
    await mkdir(join(cwd, ".git"), { recursive: true });
    await writeFile(join(base, "secret.txt"), "secret\n");
    await writeFile(join(cwd, ".git/config"), "[http]\n\textraheader = AUTHORIZATION: basic x\n");
    await writeFile(join(cwd, "out/tool.1"), "man page\n");
    await symlink("tool.1", join(cwd, "out/tool-link.1"));
  });
  afterAll(() => rm(base, { recursive: true, force: true }));

  it("uploads files of the repository, and links to them", async () => {
    const { assets, missing } = await collect(["out/*.1"]);
    expect(missing).toEqual([]);
    expect(assets.map((a) => a.name)).toEqual(["tool-link.1", "tool.1"]);
    expect(new Set(assets.map((a) => a.sha256)).size).toBe(1);
  });

  it.each([
    ["a link to a file outside", "out/passwd", "/etc/passwd"],
    ["a link to a secret next to the repository", "out/secret", "../../secret.txt"],
    ["a link into .git", "out/gitconfig", "../.git/config"],
    ["a link to a folder outside", "out/sub/etc", "/etc"],
  ])("refuses %s (EASSETPATH)", async (_what, link, target) => {
    await symlink(target, join(cwd, link));
    try {
      const pattern = link.endsWith("etc") ? "out/sub/etc/passwd" : link;
      expect(await codeOf(collect([pattern]))).toBe("EASSETPATH");
    } finally {
      await rm(join(cwd, link), { force: true });
    }
  });

  it("refuses a pattern that climbs out of the repository or into .git (EASSETPATH)", async () => {
    expect(await codeOf(collect(["../secret.txt"]))).toBe("EASSETPATH");
    expect(await codeOf(collect([".git/config"]))).toBe("EASSETPATH");
  });
});
