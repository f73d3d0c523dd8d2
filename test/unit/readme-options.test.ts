import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig, schemas } from "../../src/config/index.js";
import type { Schema } from "../../src/config/define.js";
import { renderOptionTables, withOptionTables } from "../../scripts/options-table.js";
import { repoRoot } from "../helpers/paths.js";

describe("README option tables", () => {
  it("are generated from the one config schema (run `npm run docs` after changing an option)", async () => {
    const readme = await readFile(join(repoRoot, "README.md"), "utf8");
    expect(readme).toBe(withOptionTables(readme));
  });

  it("cover every option of every entry point", () => {
    const tables = renderOptionTables();
    for (const [plugin, schema] of Object.entries(schemas)) {
      expect(tables).toContain(`#### \`${plugin}\``);
      for (const name of Object.keys(schema)) expect(tables).toContain(`| \`${name}\` |`);
    }
  });
});

describe("README configuration example", () => {
  it("is valid JSON whose semantic-release-rust plugin options all pass their schema", async () => {
    const readme = await readFile(join(repoRoot, "README.md"), "utf8");
    const block = /## Configuration[\s\S]*?```json\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBeDefined();
    const config = JSON.parse(block as string) as { plugins: (string | [string, Record<string, unknown>])[] };
    const ours = config.plugins
      .map((p) => (Array.isArray(p) ? p : [p, {}]) as [string, Record<string, unknown>])
      .filter(([name]) => name.startsWith("semantic-release-rust"));
    expect(ours.map(([name]) => name).sort()).toEqual(Object.keys(schemas).sort());
    for (const [name, options] of ours) {
      const { errors } = loadConfig(name, schemas[name] as Schema, options);
      expect(errors.map((e) => e.code)).toEqual([]);
    }
  });
});
