import { describe, expect, it } from "vitest";
import { loadBinariesConfig } from "../../src/binaries/config.js";
import { verifyConditions } from "../../src/binaries/verify.js";
import type { Artifact, DistManifest } from "../../src/manifest/dist-manifest.js";
import { parseByteSize, parseIncreaseLimit } from "../../src/sizes/parse-size.js";
import { sizeGate } from "../../src/sizes/size-gate.js";
import { errorCodes, rejection, testContext } from "../helpers/context.js";

const T = "x86_64-unknown-linux-gnu";
const manifest = (version: string, archive: number, binary: number): DistManifest => {
  const artifacts: Artifact[] = [
    {
      path: `tool-v${version}-${T}.tar.gz`,
      kind: "archive",
      target: T,
      size: archive,
      sha256: "a".repeat(64),
    },
    { path: `SHA256SUMS`, kind: "checksums", size: 100, sha256: "b".repeat(64) },
    {
      path: `bin/${T}/tool`,
      kind: "binary",
      target: T,
      binary: "tool",
      size: binary,
      sha256: "c".repeat(64),
    },
  ];
  return { schemaVersion: 1, version, artifacts };
};
const MB = 1_000_000;

describe("size strings", () => {
  it('reads "5 MB" as 5,000,000 bytes and "5 MiB" as 5,242,880', () => {
    expect(parseByteSize("5 MB")).toBe(5_000_000);
    expect(parseByteSize("5 MiB")).toBe(5_242_880);
    expect(parseByteSize("5MB")).toBe(5_000_000);
    expect(parseByteSize("1.5 GB")).toBe(1_500_000_000);
    expect(parseByteSize("300 kB")).toBe(300_000);
    expect(parseByteSize("2 KiB")).toBe(2048);
    expect(parseByteSize(4096)).toBe(4096);
    expect(parseByteSize("12")).toBe(12);
    for (const bad of ["5 XB", "five MB", "-1 MB", "", 1.5, -3, "5 MB 3"])
      expect(parseByteSize(bad)).toBeUndefined();
  });

  it('reads a percentage, bytes, or both ("5 MB" and "10%")', () => {
    expect(parseIncreaseLimit("10%")).toEqual({ percent: 10 });
    expect(parseIncreaseLimit("2.5 %")).toEqual({ percent: 2.5 });
    expect(parseIncreaseLimit("5 MiB")).toEqual({ bytes: 5_242_880 });
    expect(parseIncreaseLimit(["5 MB", "10%"])).toEqual({ bytes: 5 * MB, percent: 10 });
    expect(parseIncreaseLimit(["10%", "20%"])).toBeUndefined();
    expect(parseIncreaseLimit(["1 MB", "2 MB", "3%"])).toBeUndefined();
    expect(parseIncreaseLimit("ten percent")).toBeUndefined();
  });

  it("validates maxSizeIncrease and maxSize with coded errors naming the bad field", async () => {
    const { config, errors } = loadBinariesConfig({
      maxSizeIncrease: { binary: "5 MB", archive: ["1 MiB", "10%"] },
      maxSize: { binary: "30 MB", image: "50 MB" },
    });
    expect(errors).toEqual([]);
    expect(config.maxSizeIncrease).toEqual({
      binary: { bytes: 5 * MB },
      archive: { bytes: 1_048_576, percent: 10 },
    });
    expect(config.maxSize).toEqual({ binary: 30 * MB, image: 50 * MB });
    expect(loadBinariesConfig({ maxSizeIncrease: "5 MB" }).config.maxSizeIncrease).toEqual({
      binary: { bytes: 5 * MB },
      archive: { bytes: 5 * MB },
    });

    const bad = loadBinariesConfig({ maxSizeIncrease: { binary: "lots" }, maxSize: { wheel: 3 } });
    expect(bad.errors.map((e) => [e.code, (e as { path?: string }).path])).toEqual([
      ["EINVALIDMAXSIZEINCREASE", "maxSizeIncrease.binary"],
      ["EINVALIDMAXSIZE", "maxSize.wheel"],
    ]);
    // verifyConditions reports them with the other problems, before anything is built.
    const error = await rejection(verifyConditions({ maxSize: "big" }, testContext("/nonexistent")));
    expect(errorCodes(error)).toContain("EINVALIDMAXSIZE");
  });
});

describe("sizeGate", () => {
  it("fails a binary that grew more than the limit, naming it and both sizes", () => {
    const report = sizeGate(manifest("1.1.0", 3 * MB, 12 * MB), manifest("1.0.0", 3 * MB, 6 * MB), {
      maxSizeIncrease: { binary: { bytes: 5 * MB }, archive: { bytes: 5 * MB } },
    });
    expect(report.errors.map((e) => e.code)).toEqual(["ESIZEINCREASE"]);
    const [error] = report.errors;
    expect(error?.message).toBe(
      `bin/${T}/tool grew from 6.00 MB (6000000 bytes) to 12.00 MB (12000000 bytes): more than \`maxSizeIncrease\` allows.`,
    );
    expect(error?.details).toContain("1.0.0");
    expect(report.rows.find((r) => r.kind === "binary")).toMatchObject({ size: 12 * MB, previous: 6 * MB });
  });

  it("needs both the bytes and the percentage to hold when both are set", () => {
    const limits = { maxSizeIncrease: { archive: { bytes: 5 * MB, percent: 10 } } };
    // +1 MB on 5 MB: under 5 MB, but 20% > 10%.
    expect(sizeGate(manifest("2", 6 * MB, 1), manifest("1", 5 * MB, 1), limits).errors).toHaveLength(1);
    // +6 MB on 100 MB: 6% but over 5 MB.
    expect(sizeGate(manifest("2", 106 * MB, 1), manifest("1", 100 * MB, 1), limits).errors).toHaveLength(1);
    // +4 MB on 100 MB: both hold.
    expect(sizeGate(manifest("2", 104 * MB, 1), manifest("1", 100 * MB, 1), limits).errors).toEqual([]);
    // Shrinking always passes.
    expect(sizeGate(manifest("2", 1, 1), manifest("1", 100 * MB, 1), limits).errors).toEqual([]);
  });

  it("skips the increase gate with a warning when there is no previous manifest", () => {
    const report = sizeGate(manifest("1.0.0", 90 * MB, 90 * MB), undefined, {
      maxSizeIncrease: { binary: { bytes: 1 }, archive: { bytes: 1 } },
    });
    expect(report.errors).toEqual([]);
    expect(report.warnings).toEqual([
      "No manifest.json of the previous release: the `maxSizeIncrease` gate is skipped.",
    ]);
  });

  it("checks absolute ceilings of binaries, archives and image platforms", () => {
    const m: DistManifest = {
      ...manifest("1.0.0", 40 * MB, 31 * MB),
      images: [
        {
          name: "ghcr.io/acme/tool",
          tags: ["1.0.0"],
          digest: `sha256:${"d".repeat(64)}`,
          platforms: [
            { platform: "linux/amd64", size: 51 * MB },
            { platform: "linux/arm64", size: 49 * MB },
          ],
        },
      ],
    };
    const report = sizeGate(m, undefined, { maxSize: { binary: 30 * MB, archive: 40 * MB, image: 50 * MB } });
    expect(report.errors.map((e) => [e.code, e.message])).toEqual([
      [
        "EMAXSIZE",
        `bin/${T}/tool is 31.00 MB (31000000 bytes), over the \`maxSize\` of 30.00 MB (30000000 bytes) for binaries.`,
      ],
      [
        "EMAXSIZE",
        "ghcr.io/acme/tool (linux/amd64) is 51.00 MB (51000000 bytes), over the `maxSize` of 50.00 MB (50000000 bytes) for images.",
      ],
    ]);
  });
});
