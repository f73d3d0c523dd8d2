import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { prepare, publish, verifyConditions } from "../../src/crates/index.js";
import { exec } from "../../src/util/exec.js";
import { errorCodes, rejection, testContext } from "../helpers/context.js";
import { fakeTime } from "../helpers/fake-time.js";
import { sharedTargetDir } from "../helpers/cargo-env.js";
import { writeTree } from "../helpers/fixtures.js";
import { gitCommit, initExamplesRepo, removeRepo, type TestRepo } from "../helpers/git-utils.js";
import { startCratesSandbox, type CratesSandbox } from "../stand-ins/crates-env.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(): Promise<{
  repo: TestRepo;
  sandbox: CratesSandbox;
  ctx: ReturnType<typeof testContext>;
}> {
  const sandbox = await startCratesSandbox();
  const repo = await initExamplesRepo();
  cleanups.push(sandbox.stop, () => removeRepo(repo));
  const ctx = testContext(repo.cwd, {
    env: { ...process.env, CARGO_TARGET_DIR: sharedTargetDir, ...sandbox.env },
  });
  return { repo, sandbox, ctx };
}

const names = (s: CratesSandbox) => s.registry.crates().map((c) => `${c.name}@${c.vers}`);

describe("semantic-release-rust/crates with the real cargo and a local registry", () => {
  it("publishes the workspace crates in dependency order; a separate crate then builds against them", async () => {
    const { sandbox, ctx } = await setup();
    await verifyConditions(sandbox.pluginConfig, ctx);
    await prepare(sandbox.pluginConfig, ctx);
    expect(sandbox.registry.crates()).toEqual([]); // prepare uploads nothing
    const release = await publish(sandbox.pluginConfig, ctx);

    expect(names(sandbox)).toEqual(["rgreet-core@0.1.0", "rgreet@0.1.0"]);
    expect(release).toMatchObject({ url: `${sandbox.registry.baseUrl}/crates/rgreet/0.1.0` });
    expect((await fetch((release as { url: string }).url)).status).toBe(200);
    const stdout = (ctx.stdout as unknown as { text(): string }).text();
    expect(stdout).toContain("Uploaded rgreet-core v0.1.0");
    expect(stdout).not.toContain(sandbox.registry.token);

    const consumer = await writeTree({
      "Cargo.toml": `[package]\nname = "consumer"\nversion = "0.0.1"\nedition = "2021"\npublish = false\n\n[dependencies]\nrgreet-core = "0.1"\n`,
      "src/main.rs": `fn main() { println!("{}", rgreet_core::greet(&rgreet_core::Settings::default(), "registry")); }\n`,
    });
    cleanups.push(() => rm(consumer, { recursive: true, force: true }));
    const run = await exec("cargo", ["run", "-q"], {
      cwd: consumer,
      env: { ...ctx.env, CARGO_TARGET_DIR: join(consumer, "target") },
    });
    expect(run.stdout.trim()).toBe("Hello, registry!");
    const lock = await readFile(join(consumer, "Cargo.lock"), "utf8");
    const published = sandbox.registry.crates().find((c) => c.name === "rgreet-core");
    expect(lock).toContain(`checksum = "${published?.cksum}"`);
  });

  it("a re-run publishes nothing and reports every crate as already there", async () => {
    const { sandbox, ctx } = await setup();
    await publish(sandbox.pluginConfig, ctx);
    const attempts = sandbox.registry.publishAttempts.length;
    ctx.lines.length = 0;
    const again = await publish(sandbox.pluginConfig, ctx);

    expect(sandbox.registry.publishAttempts.length).toBe(attempts);
    expect(ctx.lines).toContain(`rgreet-core@0.1.0 is already in registry \`local\`; skipped`);
    expect(ctx.lines).toContain(`rgreet@0.1.0 is already in registry \`local\`; skipped`);
    expect(again).toMatchObject({ url: expect.stringContaining("/crates/rgreet/0.1.0") });
  });

  it("waits until the index shows a crate before publishing its dependents", async () => {
    const { sandbox, ctx } = await setup();
    sandbox.registry.faults.indexDelayMs = 3000;
    await publish({ ...sandbox.pluginConfig, indexTimeout: 60 }, ctx);

    const [core, bin] = sandbox.registry.crates();
    expect(core?.name).toBe("rgreet-core");
    expect(bin?.name).toBe("rgreet");
    expect(bin!.receivedAt).toBeGreaterThanOrEqual(core!.visibleAt);
  });

  it("a failure of the first crate publishes nothing that depends on it, and says what was not published", async () => {
    const { repo, sandbox, ctx } = await setup();
    // An independent crate beside the two: a failure of rgreet-core must not stop it.
    await writeFile(
      join(repo.cwd, "Cargo.toml"),
      (await readFile(join(repo.cwd, "Cargo.toml"), "utf8")).replace(
        'members = ["crates/rgreet-core", "crates/rgreet"]',
        'members = ["crates/rgreet-core", "crates/rgreet", "crates/rgreet-extra"]',
      ),
    );
    const extra = join(repo.cwd, "crates/rgreet-extra");
    await mkdir(join(extra, "src"), { recursive: true });
    await writeFile(
      join(extra, "Cargo.toml"),
      `[package]\nname = "rgreet-extra"\ndescription = "Extra."\nversion.workspace = true\nedition.workspace = true\nlicense.workspace = true\n`,
    );
    await writeFile(join(extra, "src/lib.rs"), "pub fn extra() {}\n");
    await exec("cargo", ["metadata", "--offline", "--format-version", "1"], { cwd: repo.cwd, env: ctx.env });
    await gitCommit(repo.cwd, "feat: extra crate");
    sandbox.registry.faults.add({ route: "publish", crate: "rgreet-core", status: 500, times: Infinity });
    const error = (await rejection(publish(sandbox.pluginConfig, ctx))) as {
      code: string;
      message: string;
      details: string;
    };

    expect(error.code).toBe("ECRATESPUBLISH");
    expect(error.message).toContain("rgreet-core@0.1.0");
    expect(error.details).toMatch(/Published now:\n- rgreet-extra@0\.1\.0\n/);
    expect(error.details).toMatch(/Failed:\n- rgreet-core@0\.1\.0: cargo publish failed/);
    expect(error.details).toMatch(
      /Not published \(their dependencies failed\):\n- rgreet@0\.1\.0: depends on rgreet-core/,
    );
    expect(names(sandbox)).toEqual(["rgreet-extra@0.1.0"]);
    expect(sandbox.registry.publishAttempts.map((a) => a.name)).not.toContain("rgreet");
  });

  it("honours a 429 with Retry-After and goes on", async () => {
    const { sandbox, ctx } = await setup();
    sandbox.registry.faults.add({ route: "publish", crate: "rgreet", status: 429, retryAfterSeconds: 2 });
    const time = fakeTime();
    sandbox.registry.faults.now = time.now;
    await publish(sandbox.pluginConfig, ctx, time);

    expect(names(sandbox)).toEqual(["rgreet-core@0.1.0", "rgreet@0.1.0"]);
    const tries = sandbox.registry.publishAttempts.filter((a) => a.name === "rgreet");
    expect(tries.map((t) => t.status)).toEqual([429, 200]);
    expect(tries[1]!.at - tries[0]!.at).toBeGreaterThanOrEqual(2000);
    expect(time.waits).toEqual([2000]);
    expect(ctx.lines.some((l) => l.includes("rate-limited the publish of rgreet@0.1.0"))).toBe(true);
  });

  it("honours the Retry-After header of a 429 whose JSON body gives no date, and hides cargo's HTTP log", async () => {
    const { sandbox, ctx } = await setup();
    sandbox.registry.faults.add({
      route: "publish",
      crate: "rgreet-core",
      status: 429,
      retryAfterSeconds: 3,
      detail: "rate limited",
    });
    const time = fakeTime();
    sandbox.registry.faults.now = time.now;
    await publish(sandbox.pluginConfig, ctx, time);

    expect(names(sandbox)).toEqual(["rgreet-core@0.1.0", "rgreet@0.1.0"]);
    const tries = sandbox.registry.publishAttempts.filter((a) => a.name === "rgreet-core");
    expect(tries.map((t) => t.status)).toEqual([429, 200]);
    expect(tries[1]!.at - tries[0]!.at).toBeGreaterThanOrEqual(3000);
    expect(time.waits).toEqual([3000]);
    expect(ctx.lines).toContain(
      "registry `local` rate-limited the publish of rgreet-core@0.1.0; retrying in 3 s",
    );
    const stdout = (ctx.stdout as unknown as { text(): string }).text();
    expect(stdout).toContain("rate limited");
    expect(stdout).toContain("Uploaded rgreet v0.1.0");
    expect(stdout).not.toContain("http-debug");
    expect(stdout).not.toContain("DEBUG network");
    expect(stdout).not.toContain("feature_ssl");
    expect(stdout).not.toContain(sandbox.registry.token);
  });

  it("prepare stops on a packaging error, before anything is published", async () => {
    const { repo, sandbox, ctx } = await setup();
    const manifest = join(repo.cwd, "crates/rgreet/Cargo.toml");
    const text = await readFile(manifest, "utf8");
    await writeFile(
      manifest,
      text.replace(
        'rgreet-core = { path = "../rgreet-core", version = "0.1.0" }',
        'rgreet-core = { path = "../rgreet-core" }',
      ),
    );
    await gitCommit(repo.cwd, "fix: drop the version of the path dependency");

    const error = await rejection(prepare(sandbox.pluginConfig, ctx));
    expect(errorCodes(error)).toEqual(["ECARGOPACKAGE"]);
    expect((error as { details: string }).details).toContain("rgreet-core");
    expect(sandbox.registry.publishAttempts).toEqual([]);
  });
});
