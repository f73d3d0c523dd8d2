import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { prepare, publish, verifyConditions } from "../../src/crates/index.js";
import { errorCodes, rejection, testContext } from "../helpers/context.js";
import { sharedTargetDir } from "../helpers/cargo-env.js";
import { storedNames } from "../helpers/crates-setup.js";
import { writeTree } from "../helpers/fixtures.js";
import { git, gitCommit, initExamplesRepo, removeRepo } from "../helpers/git-utils.js";
import { startCratesSandbox } from "../stand-ins/crates-env.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
const text = (ctx: ReturnType<typeof testContext>) =>
  `${ctx.lines.join("\n")}\n${(ctx.stdout as unknown as { text(): string }).text()}`;

describe("registries and tokens with the real cargo", () => {
  it("a registry given by its sparse index URL alone, with CARGO_REGISTRY_TOKEN", async () => {
    const sandbox = await startCratesSandbox({ writeConfig: false });
    const cwd = await writeTree({
      "Cargo.toml":
        '[package]\nname = "srr-by-url"\nversion = "1.0.0"\nedition = "2021"\ndescription = "By URL."\nlicense = "MIT"\n',
      "src/lib.rs": "pub fn by_url() {}\n",
    });
    cleanups.push(sandbox.stop, () => rm(cwd, { recursive: true, force: true }));
    await git(cwd, "init", "-q", "-b", "main");
    await writeFile(join(cwd, ".gitignore"), "target/\n");
    await gitCommit(cwd, "chore: import");
    const base: NodeJS.ProcessEnv = {
      ...process.env,
      CARGO_TARGET_DIR: sharedTargetDir,
      CARGO_HOME: sandbox.cargoHome,
    };
    delete base.CARGO_REGISTRY_TOKEN;
    const config = { registry: sandbox.registry.indexUrl };

    const none = await rejection(verifyConditions(config, testContext(cwd, { env: base })));
    expect(errorCodes(none)).toEqual(["ENOCARGOTOKEN"]);
    expect((none as { details: string }).details).toContain("`CARGO_REGISTRY_TOKEN`");

    const ctx = testContext(cwd, { env: { ...base, CARGO_REGISTRY_TOKEN: sandbox.registry.token } });
    await verifyConditions(config, ctx);
    await prepare(config, ctx);
    const release = await publish(config, ctx);
    expect(storedNames(sandbox)).toEqual(["srr-by-url@1.0.0"]);
    expect(release).toEqual({
      name: `Crates (registry ${sandbox.registry.indexUrl})`,
      url: `${sandbox.registry.baseUrl}/crates/srr-by-url/1.0.0`,
    });
    expect(text(ctx)).not.toContain(sandbox.registry.token);
  });

  it("a dashed registry name from the project's .cargo/config.toml, with CARGO_REGISTRIES_<NAME>_TOKEN", async () => {
    const sandbox = await startCratesSandbox({ name: "corp-reg", writeConfig: false });
    const repo = await initExamplesRepo();
    cleanups.push(sandbox.stop, () => removeRepo(repo));
    await mkdir(join(repo.cwd, ".cargo"), { recursive: true });
    await writeFile(join(repo.cwd, ".cargo/config.toml"), sandbox.configToml);
    await gitCommit(repo.cwd, "build: the company registry");
    expect(Object.keys(sandbox.env)).toContain("CARGO_REGISTRIES_CORP_REG_TOKEN");
    const ctx = testContext(repo.cwd, {
      env: { ...process.env, CARGO_TARGET_DIR: sharedTargetDir, ...sandbox.env },
    });
    const config = { registry: "corp-reg" };

    await verifyConditions(config, ctx);
    await prepare(config, ctx);
    await publish(config, ctx);
    expect(storedNames(sandbox)).toEqual(["rgreet-core@0.1.0", "rgreet@0.1.0"]);
    expect(ctx.lines).toContain("Published rgreet@0.1.0 to registry `corp-reg`");
    expect(text(ctx)).not.toContain(sandbox.registry.token);
  });

  it("the token from cargo's credentials file when no variable is set; a wrong token fails with the registry's answer", async () => {
    const sandbox = await startCratesSandbox();
    const repo = await initExamplesRepo();
    cleanups.push(sandbox.stop, () => removeRepo(repo));
    const env = { ...process.env, CARGO_TARGET_DIR: sharedTargetDir, CARGO_HOME: sandbox.cargoHome };
    const credentials = join(sandbox.cargoHome, "credentials.toml");

    await writeFile(credentials, '[registries.local]\ntoken = "not-the-token"\n');
    const ctx = testContext(repo.cwd, { env });
    await verifyConditions(sandbox.pluginConfig, ctx);
    const refused = (await rejection(publish(sandbox.pluginConfig, ctx))) as {
      code: string;
      details: string;
    };
    expect(refused.code).toBe("ECRATESPUBLISH");
    expect(refused.details).toContain("authentication failed");
    expect(refused.details).toMatch(/Not published \(their dependencies failed\):\n- rgreet@0\.1\.0/);
    expect(storedNames(sandbox)).toEqual([]);

    await writeFile(credentials, `[registries.local]\ntoken = "${sandbox.registry.token}"\n`);
    const ok = testContext(repo.cwd, { env });
    await verifyConditions(sandbox.pluginConfig, ok);
    await publish(sandbox.pluginConfig, ok);
    expect(storedNames(sandbox)).toEqual(["rgreet-core@0.1.0", "rgreet@0.1.0"]);
    expect(text(ok)).not.toContain(sandbox.registry.token);
  });
});
