import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readCargoConfigs } from "../../src/crates/cargo-config.js";
import { cargoEnv, crateUrl, resolveRegistry } from "../../src/crates/registry.js";
import { rateLimitWait } from "../../src/crates/retry-after.js";
import { retryAfterMs } from "../../src/http/retry.js";
import { debugRetryAfter, httpDebugFilter, stripHttpDebug } from "../../src/crates/cargo-http-debug.js";
import { captureStream } from "../helpers/run-release.js";
import { indexFilePath } from "../../src/crates/sparse-index.js";
import { checkToken } from "../../src/crates/token.js";
import { verifyConditions } from "../../src/crates/index.js";
import { errorCodes, rejection, testContext } from "../helpers/context.js";
import { examplesCopy, treeHashes } from "../helpers/fixtures.js";

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});
async function project(config?: string): Promise<{ cwd: string; env: NodeJS.ProcessEnv }> {
  const cwd = await mkdtemp(join(tmpdir(), "srr-crates-reg-"));
  dirs.push(cwd);
  await mkdir(join(cwd, ".cargo"));
  await mkdir(join(cwd, "home"));
  if (config) await writeFile(join(cwd, ".cargo/config.toml"), config);
  return { cwd, env: { HOME: join(cwd, "nohome"), CARGO_HOME: join(cwd, "home") } };
}
const resolve = async (option: string | undefined, p: { cwd: string; env: NodeJS.ProcessEnv }) =>
  resolveRegistry(option, { ...p, files: await readCargoConfigs(p.cwd, p.env) });

describe("the target registry", () => {
  it("is crates.io by default, with CARGO_REGISTRY_TOKEN", async () => {
    const r = await resolve(undefined, await project());
    expect(r).toMatchObject({
      isCratesIo: true,
      indexUrl: "https://index.crates.io/",
      tokenEnv: "CARGO_REGISTRY_TOKEN",
    });
    expect(r.cargoName).toBeUndefined();
  });

  it("is found by name in .cargo/config.toml, or through CARGO_REGISTRIES_<NAME>_INDEX", async () => {
    const p = await project('[registries.my-reg]\nindex = "sparse+https://reg.example/index"\n');
    expect(await resolve("my-reg", p)).toMatchObject({
      cargoName: "my-reg",
      indexUrl: "https://reg.example/index/",
      tokenEnv: "CARGO_REGISTRIES_MY_REG_TOKEN",
    });
    const q = await project();
    q.env.CARGO_REGISTRIES_OTHER_INDEX = "sparse+http://127.0.0.1:9/i/";
    expect(await resolve("other", q)).toMatchObject({
      cargoName: "other",
      indexUrl: "http://127.0.0.1:9/i/",
    });
  });

  it("given as an index URL, uses the configured registry with that index, else defines one for cargo", async () => {
    const p = await project('[registries.corp]\nindex = "sparse+https://corp.example/index/"\n');
    expect(await resolve("sparse+https://corp.example/index", p)).toMatchObject({ cargoName: "corp" });
    const other = await resolve("sparse+https://else.example/", p);
    expect(other.tokenEnv).toBe("CARGO_REGISTRY_TOKEN");
    const env = cargoEnv(other, { CARGO_REGISTRY_TOKEN: "t0k" });
    expect(env).toMatchObject({
      [`CARGO_REGISTRIES_SEMANTIC_RELEASE_RUST_INDEX`]: "sparse+https://else.example/",
      [`CARGO_REGISTRIES_SEMANTIC_RELEASE_RUST_TOKEN`]: "t0k",
    });
  });

  it("rejects unknown names and git indexes", async () => {
    const p = await project('[registries.git]\nindex = "https://github.com/x/index"\n');
    expect(errorCodes(await rejection(resolve("nope", p)))).toEqual(["EUNKNOWNREGISTRY"]);
    expect(errorCodes(await rejection(resolve("git", p)))).toEqual(["ENOTSPARSEINDEX"]);
  });
});

describe("the token check", () => {
  it("accepts the env variable or cargo's credentials file, and writes nothing", async () => {
    const p = await project('[registries.corp]\nindex = "sparse+https://corp.example/index/"\n');
    const r = await resolve("corp", p);
    const files = await readCargoConfigs(p.cwd, p.env);
    const missing = await checkToken(r, p.env, files);
    expect(missing?.code).toBe("ENOCARGOTOKEN");
    expect(missing?.message).toContain("registry `corp`");
    expect(missing?.details).toContain("CARGO_REGISTRIES_CORP_TOKEN");
    expect(await checkToken(r, { ...p.env, CARGO_REGISTRIES_CORP_TOKEN: "x" }, files)).toBeUndefined();
    await writeFile(join(p.env.CARGO_HOME!, "credentials.toml"), '[registries.corp]\ntoken = "abc"\n');
    expect(await checkToken(r, p.env, files)).toBeUndefined();
    expect((await checkToken(await resolve(undefined, p), p.env, files))?.code).toBe("ENOCARGOTOKEN");
  });

  it("verifyConditions reports every problem at once", async () => {
    const cwd = await examplesCopy();
    dirs.push(cwd);
    const ctx = testContext(cwd, {
      env: { ...process.env, CARGO_REGISTRY_TOKEN: "", CARGO_HOME: join(cwd, "ch") },
    });
    const error = await rejection(
      verifyConditions({ registry: "missing", indexTimeout: -1, crates: { nope: {} } }, ctx),
    );
    expect(errorCodes(error).sort()).toEqual(["EINVALIDINDEXTIMEOUT", "EUNKNOWNPACKAGE", "EUNKNOWNREGISTRY"]);
    expect(errorCodes(await rejection(verifyConditions({}, ctx)))).toEqual(["ENOCARGOTOKEN"]);
  });
});

describe("checks that change nothing", () => {
  it("crates.io takes CARGO_REGISTRY_TOKEN or [registry] in credentials.toml; verifyConditions writes no file", async () => {
    const cwd = await examplesCopy();
    dirs.push(cwd);
    const home = join(cwd, "ch");
    await mkdir(home);
    const env = { ...process.env, CARGO_HOME: home, CARGO_TARGET_DIR: join(cwd, "t") };
    const before = { project: await treeHashes(cwd), home: await treeHashes(home) };
    const ctx = testContext(cwd, { env: { ...env, CARGO_REGISTRY_TOKEN: "crates-io-token" } });
    await verifyConditions({}, ctx);
    expect(ctx.lines).toContain("Crates to publish to crates.io, in order: rgreet-core, rgreet");
    expect({ project: await treeHashes(cwd), home: await treeHashes(home) }).toEqual(before);
    expect(ctx.lines.join("\n")).not.toContain("crates-io-token");

    const noEnv = { ...env, CARGO_REGISTRY_TOKEN: "" };
    expect(errorCodes(await rejection(verifyConditions({}, testContext(cwd, { env: noEnv }))))).toEqual([
      "ENOCARGOTOKEN",
    ]);
    await writeFile(join(home, "credentials.toml"), '[registry]\ntoken = "from-cargo-login"\n');
    await verifyConditions({}, testContext(cwd, { env: noEnv }));
  });

  it("the release points at the crate's page: crates.io's, or under the registry's API host", () => {
    const io = { label: "crates.io", indexUrl: "https://index.crates.io/", tokenEnv: "T", isCratesIo: true };
    expect(crateUrl(io, undefined, "rgreet", "1.2.3")).toBe("https://crates.io/crates/rgreet/1.2.3");
    const reg = { ...io, label: "registry `r`", cargoName: "r", isCratesIo: false };
    expect(crateUrl(reg, "https://reg.example/", "rgreet", "1.2.3")).toBe(
      "https://reg.example/crates/rgreet/1.2.3",
    );
  });
});

describe("the crates options", () => {
  it("reject a malformed per-crate entry and unknown metadata fields, each with its own code", async () => {
    const cwd = await examplesCopy();
    dirs.push(cwd);
    const ctx = testContext(cwd, {
      env: { ...process.env, CARGO_REGISTRY_TOKEN: "x", CARGO_HOME: join(cwd, "ch") },
    });
    const error = await rejection(
      verifyConditions(
        { crates: { "rgreet-core": { noVerify: "yes" } }, requiredMetadata: ["licence"], maxCrateSize: 0 },
        ctx,
      ),
    );
    expect(errorCodes(error).sort()).toEqual([
      "EINVALIDCRATES",
      "EINVALIDMAXCRATESIZE",
      "EINVALIDREQUIREDMETADATA",
    ]);
    await verifyConditions({ crates: { "rgreet-core": { features: ["x"] } }, requiredMetadata: [] }, ctx);
  });
});

describe("waits asked for by the registry", () => {
  it("reads Retry-After as seconds or a date, and cargo's 429 output", () => {
    const now = Date.parse("Tue, 01 Jul 2025 10:00:00 GMT");
    expect(retryAfterMs("7", now)).toBe(7000);
    expect(retryAfterMs("Tue, 01 Jul 2025 10:00:30 GMT", now)).toBe(30_000);
    const cratesIo =
      "Caused by:\n  the remote server responded with an error (status 429 Too Many Requests): You have published too many new crates in a short period of time. Please try again after Tue, 01 Jul 2025 10:01:00 GMT or email help@crates.io";
    expect(rateLimitWait(cratesIo, now, 1)).toBe(61_000);
    expect(
      rateLimitWait("failed to get a 200 OK response, got 429\nheaders:\n\tretry-after: 3\n", now, 1),
    ).toBe(3000);
    expect(
      rateLimitWait("the remote server responded with an error (status 500 Internal Server Error)", now, 1),
    ).toBeUndefined();
  });

  it("reads the Retry-After of the last 429 from cargo's HTTP debug log, and keeps that log out of sight", async () => {
    const log = [
      "   0.016665744s DEBUG network: Version {",
      '    version: "8.15.0-DEV",',
      "    feature_ssl: true,",
      "}",
      "    Updating `local` index",
      "   0.05s DEBUG network: http-debug: < HTTP/1.1 404 Not Found",
      "   0.06s DEBUG network: http-debug: < retry-after: 99",
      "   0.10s DEBUG network: http-debug: > Authorization: [REDACTED]",
      "   0.11s DEBUG network: http-debug: < HTTP/1.1 429 Too Many Requests",
      "   0.11s DEBUG network: http-debug: < content-type: application/json",
      "   0.11s DEBUG network: http-debug: < Retry-After: 4",
      "   0.12s DEBUG network: http-debug: < HTTP/1.1 200 OK",
      "   0.12s DEBUG network: http-debug: < retry-after: 7",
      "error: failed to publish rgreet v0.1.0 to registry at http://127.0.0.1:1",
      "  the remote server responded with an error (status 429 Too Many Requests): rate limited",
    ].join("\n");
    expect(debugRetryAfter(log)).toBe("4");
    expect(rateLimitWait(log, 0, 60_000)).toBe(4000);
    const shown = [
      "    Updating `local` index",
      "error: failed to publish rgreet v0.1.0 to registry at http://127.0.0.1:1",
      "  the remote server responded with an error (status 429 Too Many Requests): rate limited",
    ].join("\n");
    expect(stripHttpDebug(log)).toBe(shown);
    const out = captureStream();
    const filter = httpDebugFilter(out);
    for (let i = 0; i < log.length; i += 7) filter.write(Buffer.from(log.slice(i, i + 7)));
    await new Promise<void>((r) => filter.end(r));
    expect(out.text()).toBe(shown);
  });

  it("finds index files where cargo does", () => {
    expect(["a", "ab", "abc", "Serde_Json"].map(indexFilePath)).toEqual([
      "1/a",
      "2/ab",
      "3/a/abc",
      "se/rd/serde_json",
    ]);
  });
});
