import { describe, expect, it } from "vitest";
import type { ReleaseConfig } from "../../src/config/release-config.js";
import { releaseBranchNames, typeBranch } from "../../src/preview/branches.js";
import { lastReleaseOf, nextVersionOf, outOfRange } from "../../src/preview/next-version.js";

const rc = (branches?: unknown): ReleaseConfig => ({
  file: ".releaserc.json",
  globals: branches === undefined ? {} : { branches },
  plugins: [],
});
const tags = (...versions: string[]) => versions.map((version) => ({ version, gitTag: `v${version}` }));

describe("the base branch as semantic-release types it", () => {
  it("uses semantic-release's default branches when none are configured", () => {
    expect(releaseBranchNames(rc())).toEqual(["master", "main", "next", "next-major"]);
    expect(typeBranch(rc(), "beta")).toEqual({ name: "beta", type: "prerelease", prerelease: "beta" });
    expect(typeBranch(rc(), "1.x")).toEqual({ name: "1.x", type: "maintenance", range: ">=1.0.0 <2.0.0" });
    expect(typeBranch(rc(), "1.2.x")).toEqual({
      name: "1.2.x",
      type: "maintenance",
      range: ">=1.2.0 <1.3.0",
    });
    expect(typeBranch(rc(), "feature/x")).toBeUndefined();
  });

  it("reads prerelease names, ranges and globs of configured branches", () => {
    const config = rc([
      "trunk",
      { name: "rc", prerelease: "candidate" },
      { name: "legacy", range: "2.x" },
      "release/*",
    ]);
    expect(releaseBranchNames(config)).toEqual(["trunk"]);
    expect(typeBranch(config, "rc")).toMatchObject({ type: "prerelease", prerelease: "candidate" });
    expect(typeBranch(config, "legacy")).toMatchObject({ type: "maintenance", range: ">=2.0.0 <3.0.0" });
    expect(typeBranch(config, "release/v2")).toMatchObject({ type: "release" });
  });
});

describe("the next version as semantic-release computes it", () => {
  const release = { name: "main", type: "release" as const };
  const beta = { name: "beta", type: "prerelease" as const, prerelease: "beta" };

  it("bumps the highest final release on a release branch, ignoring prereleases", () => {
    const all = tags("1.1.0-beta.2", "1.0.0", "0.9.0");
    const last = lastReleaseOf(all, release);
    expect(last?.version).toBe("1.0.0");
    expect(nextVersionOf(last, "patch", release, all)).toBe("1.0.1");
    expect(nextVersionOf(undefined, "patch", release, [])).toBe("1.0.0");
  });

  it("starts and continues a prerelease", () => {
    expect(nextVersionOf(tags("1.0.0")[0], "minor", beta, tags("1.0.0"))).toBe("1.1.0-beta.1");
    const all = tags("1.1.0-beta.1", "1.0.0");
    expect(nextVersionOf(lastReleaseOf(all, beta), "patch", beta, all)).toBe("1.1.0-beta.2");
    expect(nextVersionOf(lastReleaseOf(all, beta), "major", beta, all)).toBe("2.0.0-beta.1");
    expect(nextVersionOf(undefined, "minor", beta, [])).toBe("1.0.0-beta.1");
  });

  it("refuses a version out of a maintenance range", () => {
    const m = { name: "1.x", type: "maintenance" as const, range: ">=1.0.0 <2.0.0" };
    expect(outOfRange("1.3.0", m)).toBeUndefined();
    expect(outOfRange("2.0.0", m)).toMatch(/EINVALIDNEXTVERSION/);
  });
});
