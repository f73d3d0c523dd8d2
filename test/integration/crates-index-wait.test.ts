import { afterEach, describe, expect, it } from "vitest";
import { publish } from "../../src/crates/index.js";
import { rejection } from "../helpers/context.js";
import { fakeTime } from "../helpers/fake-time.js";
import { cratesSetup, storedNames } from "../helpers/crates-setup.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

// Cargo itself waits (up to 60 s) for the index after each publish. The stand-in shows a new version to cargo at
// once but to the plugin's own index reads later, so these tests see the plugin's wait, not cargo's.
describe("the plugin's own wait for the index between a crate and its dependents", () => {
  it("publishes a dependent only once the plugin's index reads show its dependency", async () => {
    const { sandbox, ctx } = await cratesSetup(cleanups);
    sandbox.registry.faults.otherClientsLagMs = 3000;
    const time = fakeTime();
    sandbox.registry.faults.now = time.now;
    await publish({ ...sandbox.pluginConfig, indexTimeout: 60 }, ctx, time);

    expect(storedNames(sandbox)).toEqual(["rgreet-core@0.1.0", "rgreet@0.1.0"]);
    const [core, bin] = sandbox.registry.crates();
    expect(bin!.receivedAt).toBeGreaterThanOrEqual(core!.visibleAt + 3000);
    expect(ctx.lines).toContain(
      "Waiting up to 60 s for the index of registry `local` to show rgreet-core@0.1.0",
    );
    expect(ctx.lines).toContain("Published rgreet-core@0.1.0 to registry `local`");
    // The index polls back off from 500 ms; the 3 s lag passed on the injected clock, not in real time.
    expect(time.waits.slice(0, 3)).toEqual([500, 1000, 2000]);
  });

  it("gives up at indexTimeout: the dependents are not published and the error says why", async () => {
    const { sandbox, ctx } = await cratesSetup(cleanups);
    sandbox.registry.faults.otherClientsLagMs = 600_000;
    const time = fakeTime();
    sandbox.registry.faults.now = time.now;
    const error = (await rejection(publish({ ...sandbox.pluginConfig, indexTimeout: 2 }, ctx, time))) as {
      code: string;
      details: string;
    };

    expect(error.code).toBe("ECRATESPUBLISH");
    expect(error.details).toMatch(/Published now:\n- rgreet-core@0\.1\.0\n/);
    expect(error.details).toContain(
      "- rgreet-core@0.1.0: uploaded, but the index did not show it within 2 s (the indexTimeout option)",
    );
    expect(error.details).toMatch(
      /Not published \(their dependencies failed\):\n- rgreet@0\.1\.0: depends on rgreet-core/,
    );
    expect(storedNames(sandbox)).toEqual(["rgreet-core@0.1.0"]);
    expect(sandbox.registry.publishAttempts.map((a) => a.name)).toEqual(["rgreet-core"]);
    expect(time.waits).toEqual([500, 1000, 500]);
  });
});
