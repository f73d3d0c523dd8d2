import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepare, verifyConditions, verifyRelease } from "../../src/index.js";
import { exec } from "../../src/util/exec.js";
import { sharedTargetDir } from "../helpers/cargo-env.js";
import { testContext } from "../helpers/context.js";
import { writeTree } from "../helpers/fixtures.js";

/**
 * A workspace with every requirement shape of the issue, checked with the real cargo: `core` and `app` inherit
 * the workspace version (the release packages); `tool` and `renamer` keep their own versions but depend on `core`.
 */
const files: Record<string, string> = {
  "Cargo.toml": [
    "[workspace]",
    'members = ["core", "app", "tool", "renamer"]',
    'resolver = "2"',
    "",
    "[workspace.package]",
    'version = "0.1.0" # the release version',
    'edition = "2021"',
    "",
    "[workspace.dependencies]",
    'core = { path = "core", version = "0.1.0" }',
    "",
  ].join("\n"),
  "core/Cargo.toml": '[package]\nname = "core"\nversion.workspace = true\nedition.workspace = true\n',
  "core/src/lib.rs": 'pub fn hi() -> &\'static str {\n    "hi"\n}\n',
  "app/Cargo.toml": [
    "[package]",
    'name = "app"',
    "version.workspace = true",
    "edition.workspace = true",
    "",
    "[dependencies]",
    "core = { workspace = true }",
    "",
    "[dev-dependencies]",
    'core.path = "../core"',
    "core.version = '~0.1.0'",
    "",
    "[build-dependencies.core]",
    'path = "../core"',
    'version = "=0.1.0"',
    "",
  ].join("\n"),
  "app/build.rs": "fn main() {\n    let _ = core::hi();\n}\n",
  "app/src/main.rs": 'fn main() {\n    println!("{}", core::hi());\n}\n',
  // CRLF line endings and no final newline.
  "tool/Cargo.toml": [
    "[package]",
    'name = "tool"',
    'version = "2.0.0"',
    'edition = "2021"',
    "",
    "[target.'cfg(unix)'.dependencies]",
    "core = { workspace = true }",
    "",
    '[target."cfg(windows)".dependencies]',
    'core = { path = "../core", version = "0.1" }',
  ].join("\r\n"),
  "tool/src/lib.rs": "",
  "renamer/Cargo.toml": [
    "[package]",
    'name = "renamer"',
    'version = "0.9.0"',
    'edition = "2021"',
    "",
    "[dependencies]",
    'greet = { package = "core", path = "../core", version = "^0.1.0" } # renamed',
    "",
  ].join("\n"),
  "renamer/src/lib.rs": "pub use greet::hi;\n",
};

/** What each manifest must read after the bump to 0.2.0: only the version strings differ. */
const expected: Record<string, string> = {
  "Cargo.toml": (files["Cargo.toml"] as string).replaceAll('"0.1.0"', '"0.2.0"'),
  "core/Cargo.toml": files["core/Cargo.toml"] as string,
  "app/Cargo.toml": (files["app/Cargo.toml"] as string)
    .replace("'~0.1.0'", "'~0.2.0'")
    .replace('"=0.1.0"', '"=0.2.0"'),
  "tool/Cargo.toml": (files["tool/Cargo.toml"] as string).replace('"0.1"', '"0.2.0"'),
  "renamer/Cargo.toml": (files["renamer/Cargo.toml"] as string).replace('"^0.1.0"', '"^0.2.0"'),
};

const env = { ...process.env, CARGO_TARGET_DIR: sharedTargetDir };
const cargo = (cwd: string, ...args: string[]) => exec("cargo", args, { cwd, env });
let cwd: string;

beforeAll(async () => {
  cwd = await writeTree(files);
  await cargo(cwd, "generate-lockfile", "--offline");
});
afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

describe("the bump on every requirement shape, checked by cargo", () => {
  it("verifies, bumps, and cargo resolves the new requirements and builds --locked --offline", async () => {
    const release = (version: string) => ({ version, gitTag: `v${version}`, notes: "" });
    const ctx = testContext(cwd, { lastRelease: release("0.1.0"), nextRelease: release("0.2.0") });
    await verifyConditions({}, ctx);
    expect(ctx.lines).toContain("Release packages: core, app at 0.1.0");
    await verifyRelease({}, ctx);
    await prepare({}, ctx);
    expect(ctx.lines).toContain("Cargo reports core, app at 0.2.0");

    for (const [path, text] of Object.entries(expected)) {
      expect(await readFile(join(cwd, path), "utf8"), path).toBe(text);
    }
    const lock = await readFile(join(cwd, "Cargo.lock"), "utf8");
    expect(lock).toMatch(/name = "app"\nversion = "0\.2\.0"/);
    expect(lock).toMatch(/name = "core"\nversion = "0\.2\.0"/);
    expect(lock).toMatch(/name = "tool"\nversion = "2\.0\.0"/);
    expect(lock).toMatch(/name = "renamer"\nversion = "0\.9\.0"/);

    // Full resolution (not --no-deps): every requirement on `core` must accept 0.2.0.
    const { stdout } = await cargo(cwd, "metadata", "--offline", "--format-version", "1");
    const meta = JSON.parse(stdout) as {
      packages: {
        name: string;
        version: string;
        dependencies: { name: string; req: string; kind: string | null }[];
      }[];
    };
    const seen = Object.fromEntries(
      meta.packages.map((p) => [
        `${p.name}@${p.version}`,
        p.dependencies.map((d) => `${d.kind ?? "normal"} ${d.name} ${d.req}`).sort(),
      ]),
    );
    expect(seen).toEqual({
      "core@0.2.0": [],
      "app@0.2.0": ["build core =0.2.0", "dev core ~0.2.0", "normal core ^0.2.0"],
      "tool@2.0.0": ["normal core ^0.2.0", "normal core ^0.2.0"],
      "renamer@0.9.0": ["normal core ^0.2.0"],
    });
    await cargo(cwd, "build", "--locked", "--offline", "-q");
  });
});
