import { randomBytes } from "node:crypto";
import { appendFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { prepare, publish } from "../../src/crates/index.js";
import { errorCodes, rejection, testContext } from "../helpers/context.js";
import { sharedTargetDir } from "../helpers/cargo-env.js";
import { writeTree } from "../helpers/fixtures.js";
import { git, gitCommit } from "../helpers/git-utils.js";
import { startCratesSandbox, type CratesSandbox } from "../stand-ins/crates-env.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const meta = 'description = "A test crate."\nlicense = "MIT"\n';
const pkg = (name: string, extra = meta) =>
  `[package]\nname = "${name}"\nversion = "0.3.0"\nedition = "2021"\n${extra}`;

/** A committed git workspace of `files` and a registry stand-in, with a plugin context reaching it. */
async function workspace(files: Record<string, string>): Promise<{
  cwd: string;
  sandbox: CratesSandbox;
  ctx: ReturnType<typeof testContext>;
}> {
  const sandbox = await startCratesSandbox();
  const cwd = await writeTree(files);
  cleanups.push(sandbox.stop, () => rm(cwd, { recursive: true, force: true }));
  await git(cwd, "init", "-q", "-b", "main");
  await writeFile(join(cwd, ".gitignore"), "target/\n");
  await gitCommit(cwd, "chore: import");
  const ctx = testContext(cwd, {
    env: { ...process.env, CARGO_TARGET_DIR: sharedTargetDir, ...sandbox.env },
  });
  return { cwd, sandbox, ctx };
}

describe("prepare stops, before the tag, what the registry would refuse", () => {
  it("a crate without a license (cargo package only warns): ECRATEMETADATA names it and the field", async () => {
    const { sandbox, ctx } = await workspace({
      "Cargo.toml": '[workspace]\nmembers = ["a", "b"]\nresolver = "2"\n',
      "a/Cargo.toml": pkg("srr-meta-a"),
      "a/src/lib.rs": "pub fn a() {}\n",
      "b/Cargo.toml": pkg("srr-meta-b", 'description = "No license."\n'),
      "b/src/lib.rs": "pub fn b() {}\n",
    });
    const config = { ...sandbox.pluginConfig, packages: ["srr-meta-a", "srr-meta-b"] };
    const error = (await rejection(prepare(config, ctx))) as {
      code: string;
      message: string;
      details: string;
    };

    expect(error.code).toBe("ECRATEMETADATA");
    expect(error.message).toContain("srr-meta-b");
    expect(error.message).not.toContain("srr-meta-a");
    expect(error.details).toContain("`srr-meta-b`: no `license`");
    expect(ctx.lines.some((l) => l.startsWith("Packaging"))).toBe(false);
    // A registry that needs no license: the option lets the crate through.
    await prepare({ ...config, requiredMetadata: [] }, ctx);
    expect(sandbox.registry.publishAttempts).toEqual([]);
  });

  it("a .crate over crates.io's 10 MiB (cargo package does not check): ECRATETOOLARGE, unless maxCrateSize allows it", async () => {
    const { cwd, sandbox, ctx } = await workspace({
      "Cargo.toml": pkg("srr-big-crate"),
      "src/lib.rs": "pub fn big() {}\n",
    });
    await writeFile(join(cwd, "data.bin"), randomBytes(11 * 1024 * 1024));
    await gitCommit(cwd, "feat: ship a large file");
    const config = { ...sandbox.pluginConfig, packages: ["srr-big-crate"], noVerify: true };
    const error = (await rejection(prepare(config, ctx))) as { code: string; details: string };

    expect(error.code).toBe("ECRATETOOLARGE");
    expect(error.details).toMatch(/`srr-big-crate@0\.3\.0`: 1[01]\.\d MiB/);
    await prepare({ ...config, maxCrateSize: 12 }, ctx);
    expect(sandbox.registry.publishAttempts).toEqual([]);
  });
});

describe("per-crate features, noVerify and allowDirty reach cargo for that crate only", () => {
  const files = {
    "Cargo.toml": '[workspace]\nmembers = ["feat", "nobuild", "app", "private"]\nresolver = "2"\n',
    "private/Cargo.toml": pkg("srr-private", "publish = false\n"),
    "private/src/lib.rs": "pub fn private() {}\n",
    "feat/Cargo.toml": `${pkg("srr-feat")}\n[features]\non = []\n`,
    "feat/src/lib.rs":
      '#[cfg(not(feature = "on"))]\ncompile_error!("build srr-feat with --features on");\npub fn feat() -> u8 { 1 }\n',
    "nobuild/Cargo.toml": pkg("srr-nobuild"),
    "nobuild/src/lib.rs": 'compile_error!("this crate is only packaged, never built");\n',
    "app/Cargo.toml": `${pkg("srr-app")}\n[dependencies]\nsrr-feat = { path = "../feat", version = "0.3.0", features = ["on"] }\n`,
    "app/src/lib.rs": "pub fn app() -> u8 { srr_feat::feat() }\n",
  };
  const packages = ["srr-feat", "srr-nobuild", "srr-app", "srr-private"];
  const crates = {
    "srr-feat": { features: ["on"] },
    "srr-nobuild": { noVerify: true, allowDirty: true },
  };

  it("packages and publishes each crate with its own settings", async () => {
    const { cwd, sandbox, ctx } = await workspace(files);
    await appendFile(join(cwd, "nobuild/src/lib.rs"), "// uncommitted\n");
    const config = { ...sandbox.pluginConfig, packages, crates };
    await prepare(config, ctx);

    const stdout = (ctx.stdout as unknown as { text(): string }).text();
    expect(stdout).toContain("Verifying srr-feat v0.3.0");
    expect(stdout).toContain("Verifying srr-app v0.3.0");
    expect(stdout).not.toContain("Verifying srr-nobuild");
    await publish(config, ctx);
    expect(sandbox.registry.crates().map((c) => c.name)).toEqual(["srr-feat", "srr-nobuild", "srr-app"]);
    expect(ctx.lines).toContain("Not publishing srr-private 0.3.0: publish = false");
  });

  it("without its feature a crate fails to package; another crate's allowDirty does not cover it", async () => {
    const { cwd, sandbox, ctx } = await workspace(files);
    const noFeature = await rejection(
      prepare({ ...sandbox.pluginConfig, packages, crates: { "srr-nobuild": crates["srr-nobuild"] } }, ctx),
    );
    expect(errorCodes(noFeature)).toEqual(["ECARGOPACKAGE"]);
    expect((noFeature as { details: string }).details).toContain("build srr-feat with --features on");

    await appendFile(join(cwd, "app/src/lib.rs"), "// uncommitted\n");
    const dirty = await rejection(prepare({ ...sandbox.pluginConfig, packages, crates }, ctx));
    expect(errorCodes(dirty)).toEqual(["ECARGOPACKAGE"]);
    expect((dirty as { details: string }).details).toContain("app/src/lib.rs");
    expect(sandbox.registry.publishAttempts).toEqual([]);
  });
});
