import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { schemas } from "../../src/config/index.js";
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
