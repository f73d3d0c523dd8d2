import { afterEach, describe, expect, it } from "vitest";
import { sparseIndexClient, waitForVersion } from "../../src/crates/sparse-index.js";
import { errorCodes, rejection, testContext } from "../helpers/context.js";
import { fakeTime } from "../helpers/fake-time.js";
import { startCratesSandbox, type CratesSandbox } from "../stand-ins/crates-env.js";
import { exec } from "../../src/util/exec.js";
import { sharedTargetDir } from "../helpers/cargo-env.js";
import { examplesCopy } from "../helpers/fixtures.js";
import { rm } from "node:fs/promises";

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const s of stops.splice(0)) await s();
});

/** A sandbox registry holding rgreet-core 0.1.0, published by the real cargo. */
async function withCore(o: { authRequired?: boolean } = {}): Promise<CratesSandbox> {
  const sandbox = await startCratesSandbox(o);
  const dir = await examplesCopy();
  stops.push(sandbox.stop, () => rm(dir, { recursive: true, force: true }));
  await exec(
    "cargo",
    ["publish", "-p", "rgreet-core", "--registry", "local", "--no-verify", "--allow-dirty"],
    {
      cwd: dir,
      env: { ...process.env, CARGO_TARGET_DIR: sharedTargetDir, ...sandbox.env },
    },
  );
  return sandbox;
}

const indexUrl = (s: CratesSandbox) => s.registry.indexUrl.replace(/^sparse\+/, "");

describe("the sparse index client", () => {
  it("lists the versions cargo published, and none for an unknown crate", async () => {
    const s = await withCore();
    const index = sparseIndexClient({ indexUrl: indexUrl(s), logger: testContext(".").logger });
    expect([...(await index.versions("rgreet-core"))]).toEqual(["0.1.0"]);
    expect([...(await index.versions("rgreet"))]).toEqual([]);
  });

  it("waits out a 429 with Retry-After and retries a 500 on the index", async () => {
    const s = await withCore();
    s.registry.faults.add({ route: "index", crate: "rgreet-core", status: 429, retryAfterSeconds: 1 });
    s.registry.faults.add({ route: "index", crate: "rgreet-core", status: 500 });
    const ctx = testContext(".");
    const waits: number[] = [];
    const index = sparseIndexClient({
      indexUrl: indexUrl(s),
      logger: ctx.logger,
      sleep: async (ms) => void waits.push(ms),
    });
    expect((await index.versions("rgreet-core")).has("0.1.0")).toBe(true);
    expect(waits[0]).toBe(1000);
    expect(s.registry.faults.fired.map((f) => f.status)).toEqual([429, 500]);
    expect(ctx.lines.some((l) => l.includes("answered 429"))).toBe(true);
  });

  it("gives up with ECRATESINDEX when the index keeps failing", async () => {
    const s = await withCore();
    s.registry.faults.add({ route: "index", status: 503, times: Infinity });
    const index = sparseIndexClient({
      indexUrl: indexUrl(s),
      logger: testContext(".").logger,
      sleep: async () => {},
    });
    expect(errorCodes(await rejection(index.versions("rgreet-core")))).toEqual(["ECRATESINDEX"]);
  });

  it("sends the token to a registry whose config.json says auth-required", async () => {
    const s = await withCore({ authRequired: true });
    const logger = testContext(".").logger;
    const anonymous = sparseIndexClient({ indexUrl: indexUrl(s), logger, sleep: async () => {} });
    expect(errorCodes(await rejection(anonymous.versions("rgreet-core")))).toEqual(["ECRATESINDEX"]);
    const withToken = sparseIndexClient({ indexUrl: indexUrl(s), logger, token: s.registry.token });
    expect((await withToken.versions("rgreet-core")).has("0.1.0")).toBe(true);
  });

  it("waitForVersion sees a version the index shows late, and gives up at the timeout", async () => {
    const s = await withCore();
    const time = fakeTime();
    const index = sparseIndexClient({ indexUrl: indexUrl(s), logger: testContext(".").logger, ...time });
    expect(await waitForVersion(index, "rgreet-core", "0.1.0", { timeoutMs: 1000 })).toBe(true);
    expect(await waitForVersion(index, "rgreet-core", "9.9.9", { timeoutMs: 300, pollMs: 100 })).toBe(false);
    expect(time.waits).toEqual([100, 200]);
  });
});
