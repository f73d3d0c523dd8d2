import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { catalogue, domains } from "../../src/errors/catalogue.js";
import { optionErrors } from "../../src/errors/options.js";
import { schemas } from "../../src/config/index.js";
import { errorRows, renderErrorTable, withErrorTable } from "../../scripts/errors-table.js";
import { readReleaseConfig } from "../../src/config/release-config.js";
import * as github from "../../src/github/index.js";
import { errorCodes, rejection, testContext } from "../helpers/context.js";
import { writeTree } from "../helpers/fixtures.js";
import { repoRoot } from "../helpers/paths.js";

const read = (...path: string[]) => readFile(join(repoRoot, ...path), "utf8");

/** Every `.ts` file under `src/`, with its text. */
async function sources(dir = "src"): Promise<{ path: string; text: string }[]> {
  const entries = await readdir(join(repoRoot, dir), { withFileTypes: true });
  const nested = await Promise.all(
    entries.map(async (e) => {
      const path = `${dir}/${e.name}`;
      if (e.isDirectory()) return sources(path);
      return e.name.endsWith(".ts") ? [{ path, text: await read(path) }] : [];
    }),
  );
  return nested.flat();
}

/** The schema files that declare options: where each option's `EINVALID…` code must be written. */
const optionFiles = async () =>
  (await readdir(join(repoRoot, "src/config/options")))
    .filter((f) => f.endsWith(".ts"))
    .map((f) => `src/config/options/${f}`);

describe("the error catalogue", () => {
  it("has one literal EINVALID<OPTION> entry for every option of every schema, and the schema names it", async () => {
    const catalogueText = await read("src/errors/options.ts");
    const schemaText = (await Promise.all((await optionFiles()).map((f) => read(f)))).join("\n");
    for (const [plugin, schema] of Object.entries(schemas)) {
      for (const [name, option] of Object.entries(schema)) {
        const code = `EINVALID${name.toUpperCase()}`;
        expect(option.code, `${plugin} ${name}`).toBe(code);
        expect(catalogueText).toContain(`  ${code}: invalidOption("${name}"),`);
        expect(schemaText).toContain(`"${code}"`);
      }
    }
  });

  it("has no EINVALID<OPTION> entry that no schema uses", () => {
    const used = new Set<string>(Object.values(schemas).flatMap((s) => Object.values(s).map((o) => o.code)));
    expect(Object.keys(optionErrors).filter((code) => !used.has(code))).toEqual([]);
  });

  it("writes every code literally in its domain file, each code once", async () => {
    const texts = (await sources("src/errors")).map((f) => f.text).join("\n");
    const byDomain = Object.values(domains).flatMap((entries) => Object.keys(entries));
    expect(byDomain.length).toBe(Object.keys(catalogue).length);
    for (const code of Object.keys(catalogue)) expect(texts).toMatch(new RegExp(`^  ${code}: `, "m"));
  });

  it("is the only source of codes: no code is assembled at run time", async () => {
    const built = (await sources()).filter((f) => /["'`]E[A-Z]*\$\{/.test(f.text)).map((f) => f.path);
    expect(built).toEqual([]);
  });

  it("gives every entry a message and details that say what to do", () => {
    for (const row of errorRows()) {
      expect(row.message, row.code).toMatch(/\S/);
      expect(row.todo, row.code).toMatch(/\S/);
      expect(row.message, row.code).not.toContain("undefined");
      expect(row.todo, row.code).not.toContain("undefined");
    }
  });
});

describe("user mistakes that were plain Errors", () => {
  it("a release configuration that is not JSON is ERELEASECONFIG, naming the file", async () => {
    const cwd = await writeTree({ ".releaserc.json": "plugins: []\n" });
    const error = await rejection(readReleaseConfig(cwd));
    expect(errorCodes(error)).toEqual(["ERELEASECONFIG"]);
    expect((error as Error).message).toMatch(/^Cannot read the release configuration \.releaserc\.json: /);
  });

  it("publish and addChannel called without a release are ENONEXTRELEASE, before any request", async () => {
    const ctx = testContext("/nonexistent", {
      env: { GITHUB_TOKEN: "t" },
      options: { repositoryUrl: "https://github.com/owner/repo.git", plugins: [] },
    });
    for (const step of [github.publish, github.addChannel]) {
      expect(errorCodes(await rejection(step({}, ctx)))).toEqual(["ENONEXTRELEASE"]);
    }
  });
});

describe("README error table", () => {
  it("is generated from the catalogue (run `npm run docs` after adding an error)", async () => {
    const readme = await read("README.md");
    expect(readme).toBe(withErrorTable(readme));
  });

  it("has a row per code, naming the plugins of an option's code", () => {
    const table = renderErrorTable();
    for (const code of Object.keys(catalogue)) expect(table).toContain(`| \`${code}\` |`);
    expect(table).toContain("| `EINVALIDTARGETS` | binaries | Invalid `targets` option: expected an array");
    expect(table).toMatch(/\| `EINVALIDPACKAGES` \| cargo, binaries, crates \|/);
    expect(table).toContain(
      "| `EUNKNOWNTARGET` | binaries | Unknown target `{targets}`. | Check the spelling (for instance",
    );
  });
});
