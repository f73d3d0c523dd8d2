import { describe, expect, it } from "vitest";
import { resumeBranch } from "../../src/resume/branch.js";
import { describeStep, planResume, type DiskState } from "../../src/resume/plan.js";
import { versionFromTag } from "../../src/resume/tag.js";

const ALL = [
  "semantic-release-rust",
  "semantic-release-rust/binaries",
  "semantic-release-rust/crates",
  "semantic-release-rust/docker",
  "semantic-release-rust/github",
];
const disk = (over: Partial<DiskState> = {}): DiskState => ({
  version: "1.2.0",
  manifestPath: "dist/manifest.json",
  manifestVersion: undefined,
  layouts: [{ dir: "dist/oci", hasVersion: false }],
  ...over,
});
const lines = (plugins: string[], d: DiskState) => planResume(plugins, d).map((s) => describeStep(s));

describe("versionFromTag", () => {
  it("reads the version through the tag format", () => {
    expect(versionFromTag("v1.2.0")).toBe("1.2.0");
    expect(versionFromTag("v2.0.0-beta.1")).toBe("2.0.0-beta.1");
    expect(versionFromTag("rgreet@1.2.0", "rgreet@${version}")).toBe("1.2.0");
    expect(versionFromTag("release-1.2.0-final", "release-${version}-final")).toBe("1.2.0");
  });

  it("refuses tags outside the format or without a semantic version", () => {
    expect(versionFromTag("1.2.0")).toBeUndefined();
    expect(versionFromTag("v1.2")).toBeUndefined();
    expect(versionFromTag("vnext")).toBeUndefined();
    expect(versionFromTag("v1.2.0", "rgreet@${version}")).toBeUndefined();
    expect(versionFromTag("v1.2.0", "v")).toBeUndefined();
  });
});

describe("resumeBranch", () => {
  it("is the first release branch on the main channel without --channel", () => {
    expect(resumeBranch(["main", { name: "beta", prerelease: true }], undefined)).toEqual({
      branch: { name: "main", channel: null, type: "release", main: true },
      channel: null,
    });
    expect(resumeBranch(["1.x", "master"], undefined).branch.name).toBe("master");
    expect(resumeBranch(undefined, undefined).branch.name).toBe("main");
  });

  it("finds the branch of a channel, a prerelease when that branch is one", () => {
    const branches = ["main", { name: "next", channel: "canary" }, { name: "beta", prerelease: true }];
    expect(resumeBranch(branches, "beta")).toEqual({
      branch: { name: "beta", channel: "beta", type: "prerelease", main: false, prerelease: true },
      channel: "beta",
    });
    expect(resumeBranch(branches, "canary").branch).toMatchObject({
      name: "next",
      type: "release",
      main: false,
    });
    expect(resumeBranch(branches, "other").branch).toMatchObject({ name: "other", channel: "other" });
  });
});

describe("planResume", () => {
  it("verifies every plugin, rebuilds what is missing, then publishes and runs success in the listed order", () => {
    expect(lines(ALL, disk())).toEqual([
      "run verifyConditions semantic-release-rust",
      "run verifyConditions semantic-release-rust/binaries",
      "run verifyConditions semantic-release-rust/crates",
      "run verifyConditions semantic-release-rust/docker",
      "run verifyConditions semantic-release-rust/github",
      "run prepare semantic-release-rust/binaries (dist/manifest.json missing: rebuild from the tag)",
      "run prepare semantic-release-rust/docker (no image for 1.2.0 in dist/oci)",
      "run publish semantic-release-rust/crates",
      "run publish semantic-release-rust/docker",
      "run publish semantic-release-rust/github",
      "run success semantic-release-rust/github",
    ]);
  });

  it("never runs the Cargo bump nor the crates prepare, and skips output that is already there", () => {
    const steps = planResume(
      ALL,
      disk({ manifestVersion: "1.2.0", layouts: [{ dir: "dist/oci", hasVersion: true }] }),
    );
    expect(steps.filter((s) => s.step === "prepare" && s.run)).toEqual([]);
    expect(steps.some((s) => s.step === "prepare" && s.plugin === "semantic-release-rust")).toBe(false);
    expect(steps.some((s) => s.step === "prepare" && s.plugin === "semantic-release-rust/crates")).toBe(
      false,
    );
  });

  it("rebuilds a manifest of another version", () => {
    expect(lines(["semantic-release-rust/binaries"], disk({ manifestVersion: "1.1.0" }))).toContain(
      "run prepare semantic-release-rust/binaries (dist/manifest.json holds 1.1.0: rebuild from the tag)",
    );
  });

  it("runs every step of a plugin listed twice once per entry, each entry with its own layout", () => {
    const docker = "semantic-release-rust/docker";
    const layouts = [
      { dir: "dist/oci", hasVersion: true },
      { dir: "dist/oci-2", hasVersion: false },
    ];
    const plan = planResume(["semantic-release-rust/binaries", docker, docker], disk({ layouts }));
    expect(plan.map((s) => describeStep(s))).toEqual([
      "run verifyConditions semantic-release-rust/binaries",
      "run verifyConditions semantic-release-rust/docker",
      "run verifyConditions semantic-release-rust/docker [entry 2]",
      "run prepare semantic-release-rust/binaries (dist/manifest.json missing: rebuild from the tag)",
      "skip prepare semantic-release-rust/docker (dist/oci already holds 1.2.0)",
      "run prepare semantic-release-rust/docker [entry 2] (no image for 1.2.0 in dist/oci-2)",
      "run publish semantic-release-rust/docker",
      "run publish semantic-release-rust/docker [entry 2]",
    ]);
    expect(plan.filter((s) => s.step === "publish").map((s) => s.entry ?? 0)).toEqual([0, 1]);
  });

  it("follows the listed order and only the listed plugins", () => {
    const plan = planResume(["semantic-release-rust/github", "semantic-release-rust/crates"], disk());
    expect(plan.map((s) => `${s.step} ${s.plugin}`)).toEqual([
      "verifyConditions semantic-release-rust/github",
      "verifyConditions semantic-release-rust/crates",
      "publish semantic-release-rust/github",
      "publish semantic-release-rust/crates",
      "success semantic-release-rust/github",
    ]);
  });
});
