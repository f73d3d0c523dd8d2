import { describe, expect, it } from "vitest";
import { requirementAdmits } from "../../src/cargo/manifest-requirement.js";
import { planVersionBump } from "../../src/cargo/plan.js";
import { describeVersionPlan } from "../../src/cargo/preview.js";
import type { Member, Workspace } from "../../src/cargo/workspace.js";
import { fakeMember } from "../helpers/members.js";

const member = (name: string, over: Partial<Member> = {}): Member =>
  fakeMember(name, { inheritsVersion: false, ...over });

describe("planVersionBump (pure)", () => {
  const core = member("core", { inheritsVersion: true });
  const cli = member("cli", { inheritsVersion: true });
  const tool = member("tool");
  const ws: Workspace = {
    root: "/ws",
    rootManifest: "/ws/Cargo.toml",
    targetDir: "/ws/target",
    members: [core, cli, tool],
    workspaceVersion: "1.0.0",
  };
  const texts = new Map([
    [
      "/ws/Cargo.toml",
      '[workspace]\nmembers = ["core", "cli", "tool"]\n\n[workspace.package]\nversion = "1.0.0"\n',
    ],
    ["/ws/core/Cargo.toml", '[package]\nname = "core"\nversion.workspace = true\n'],
    [
      "/ws/cli/Cargo.toml",
      '[package]\nname = "cli"\nversion.workspace = true\n\n[dependencies]\ncore = { path = "../core", version = "=1.0.0" }\n',
    ],
    [
      "/ws/tool/Cargo.toml",
      '[package]\nname = "tool"\nversion = "0.3.0"\n\n[dev-dependencies]\ncore = { path = "../core", version = ">=1.0, <2" }\n',
    ],
    [
      "/ws/Cargo.lock",
      'version = 4\n\n[[package]]\nname = "cli"\nversion = "1.0.0"\n\n[[package]]\nname = "core"\nversion = "1.0.0"\n\n[[package]]\nname = "tool"\nversion = "0.3.0"\n',
    ],
  ]);

  it("lists every file, change and untouched requirement without reading or writing anything", () => {
    const plan = planVersionBump(ws, [core, cli], "1.0.0", "1.1.0", texts, "/ws/Cargo.lock");
    expect(plan.packages).toEqual(["core", "cli"]);
    expect(
      plan.files.map((f) => [f.displayPath, f.changes.map((c) => `${c.location}: ${c.from} -> ${c.to}`)]),
    ).toEqual([
      ["Cargo.toml", ["workspace.package.version: 1.0.0 -> 1.1.0"]],
      ["cli/Cargo.toml", ["dependencies.core: =1.0.0 -> =1.1.0"]],
      ["Cargo.lock", ["package cli: 1.0.0 -> 1.1.0", "package core: 1.0.0 -> 1.1.0"]],
    ]);
    expect(plan.skipped).toEqual([
      { file: "tool/Cargo.toml", location: "dev-dependencies.core", requirement: ">=1.0, <2" },
    ]);
    expect(describeVersionPlan(plan)).toContain(
      '  tool/Cargo.toml: dev-dependencies.core = ">=1.0, <2" left as written',
    );
    // The literal-version member that is not released keeps its version.
    expect(plan.files.some((f) => f.displayPath === "tool/Cargo.toml")).toBe(false);
  });

  it("bumps every member that inherits the workspace version when only one of them is selected", () => {
    const plan = planVersionBump(ws, [cli], "1.0.0", "1.1.0", texts, "/ws/Cargo.lock");
    expect(plan.packages).toEqual(["cli", "core"]);
    expect(
      plan.files.map((f) => [f.displayPath, f.changes.map((c) => `${c.location}: ${c.from} -> ${c.to}`)]),
    ).toEqual([
      ["Cargo.toml", ["workspace.package.version: 1.0.0 -> 1.1.0"]],
      ["cli/Cargo.toml", ["dependencies.core: =1.0.0 -> =1.1.0"]],
      ["Cargo.lock", ["package cli: 1.0.0 -> 1.1.0", "package core: 1.0.0 -> 1.1.0"]],
    ]);
    expect(describeVersionPlan(plan)[0]).toBe("Bump cli, core from 1.0.0 to 1.1.0");
  });

  it("bumps a literal [package] version of a selected member", () => {
    const plan = planVersionBump(ws, [tool], "0.3.0", "0.4.0", texts);
    expect(plan.files.map((f) => f.displayPath)).toEqual(["tool/Cargo.toml"]);
    expect(plan.files[0]?.text).toContain('version = "0.4.0"');
  });

  it("fails with EREQUIREMENTEXCLUDES, naming each one, when a requirement left as written excludes the new version", () => {
    expect(() => planVersionBump(ws, [core, cli], "1.0.0", "2.0.0", texts, "/ws/Cargo.lock")).toThrow(
      expect.objectContaining({
        code: "EREQUIREMENTEXCLUDES",
        details: expect.stringContaining('`tool/Cargo.toml`: `dev-dependencies.core = ">=1.0, <2"`'),
      }),
    );
  });

  it("names the file when a manifest cannot be edited", () => {
    const broken = new Map(texts).set("/ws/cli/Cargo.toml", "[package\n");
    expect(() => planVersionBump(ws, [core, cli], "1.0.0", "1.1.0", broken)).toThrow(
      expect.objectContaining({ code: "EMANIFESTEDIT", message: expect.stringContaining("cli/Cargo.toml") }),
    );
  });
});

describe("requirementAdmits: Cargo requirements read as Cargo does", () => {
  it.each([
    [">=0.1, <0.3", "0.2.0", true],
    [">=0.1, <0.3", "0.3.0", false],
    [">= 0.1 , < 0.3", "0.3.0", false],
    ["0.1.*", "0.1.9", true],
    ["0.1.*", "0.2.0", false],
    ["*", "9.0.0", true],
    ["<0.3", "0.3.0", false],
    ["<=0.3.0", "0.3.0", true],
    [">0.1.0", "0.2.0", true],
    ["0.1, <0.1.5", "0.1.7", false],
    ["0.1, <0.1.5", "0.1.2", true],
    [">=1.0, <2", "2.0.0+build.1", false],
  ])("%s admits %s: %s", (requirement, version, admits) => {
    expect(requirementAdmits(requirement, version)).toBe(admits);
  });

  it("cannot read an empty comparator", () => {
    expect(requirementAdmits(">=0.1,", "0.2.0")).toBeUndefined();
  });
});
