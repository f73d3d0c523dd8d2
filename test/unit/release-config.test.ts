import { rm } from "node:fs/promises";
import { afterEach, describe, expect, it } from "vitest";
import { readReleaseConfig } from "../../src/config/release-config.js";
import { writeTree } from "../helpers/fixtures.js";

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function tree(files: Record<string, string>): Promise<string> {
  const dir = await writeTree(files);
  dirs.push(dir);
  return dir;
}

const options = {
  tagFormat: "rgreet-${version}",
  plugins: ["@semantic-release/commit-analyzer", ["semantic-release-rust/binaries", { targets: ["x"] }]],
};
const json = JSON.stringify(options);
const yaml = `tagFormat: "rgreet-\${version}"
plugins:
  - "@semantic-release/commit-analyzer"
  - - semantic-release-rust/binaries
    - targets: [x]
`;
const esm = `export default ${json};\n`;
const cjs = `module.exports = ${json};\n`;

describe("readReleaseConfig reads every format semantic-release reads", () => {
  it.each([
    [".releaserc", json],
    [".releaserc", yaml],
    [".releaserc.json", json],
    [".releaserc.yaml", yaml],
    [".releaserc.yml", yaml],
    [".releaserc.js", esm],
    [".releaserc.cjs", cjs],
    [".releaserc.mjs", esm],
    ["release.config.js", esm],
    ["release.config.cjs", cjs],
    ["release.config.mjs", esm],
    ["package.json", JSON.stringify({ name: "x", release: options })],
  ])("%s (%#)", async (file, text) => {
    const cwd = await tree({
      [file]: text,
      ...(file.endsWith(".js") ? { "package.json": '{"type":"module"}' } : {}),
    });
    const rc = await readReleaseConfig(cwd);
    expect(rc?.file).toBe(file);
    expect(rc?.globals).toEqual({ tagFormat: "rgreet-${version}" });
    expect(rc?.plugins.map((p) => p.entry)).toEqual([
      "@semantic-release/commit-analyzer",
      ["semantic-release-rust/binaries", { targets: ["x"] }],
    ]);
    expect(rc?.plugins[1]?.pluginConfig).toEqual({ tagFormat: "rgreet-${version}", targets: ["x"] });
  });

  it("a package.json without `release` is not a configuration", async () => {
    expect(await readReleaseConfig(await tree({ "package.json": '{"name":"x"}' }))).toBeUndefined();
    const cwd = await tree({ "package.json": '{"name":"x"}', ".releaserc.yml": yaml });
    expect((await readReleaseConfig(cwd))?.file).toBe(".releaserc.yml");
  });

  it("merges the shareable configs of `extends` under the repository's own options", async () => {
    const cwd = await tree({
      "node_modules/@acme/release-config/package.json": '{"name":"@acme/release-config","main":"index.cjs"}',
      "node_modules/@acme/release-config/index.cjs": `module.exports = ${JSON.stringify({
        branches: ["trunk"],
        tagFormat: "acme-${version}",
        plugins: ["semantic-release-rust"],
      })};`,
      ".releaserc.yml": "extends: '@acme/release-config'\ntagFormat: 'own-${version}'\n",
    });
    const rc = await readReleaseConfig(cwd);
    expect(rc?.globals).toEqual({ branches: ["trunk"], tagFormat: "own-${version}" });
    expect(rc?.plugins.map((p) => p.name)).toEqual(["semantic-release-rust"]);
  });

  it.each([
    [".releaserc.json", "plugins: []\n"],
    [".releaserc.yml", "plugins: [\n"],
    [".releaserc.cjs", "module.exports = {;\n"],
    [".releaserc.yml", "extends: not-installed-config\n"],
  ])("%s that cannot be read is ERELEASECONFIG naming the file", async (file, text) => {
    const error = await readReleaseConfig(await tree({ [file]: text })).catch((e: unknown) => e);
    expect((error as { code?: string }).code).toBe("ERELEASECONFIG");
    expect((error as Error).message).toMatch(`Cannot read the release configuration ${file}: `);
  });
});
