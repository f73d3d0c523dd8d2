import { describe, expect, it } from "vitest";
import { planBuilds, profileArgs, planErrors } from "../../src/binaries/plan.js";
import { chooseBuilder, type InstalledTools } from "../../src/binaries/builders.js";
import { linkerFor } from "../../src/binaries/linker-config.js";
import { describePlan } from "../../src/binaries/preview.js";
import { parseTriple, runsOnHost } from "../../src/binaries/triple.js";
import { loadBinariesConfig } from "../../src/binaries/config.js";
import type { Member, Workspace } from "../../src/cargo/workspace.js";
import { fakeMember } from "../helpers/members.js";
import { HOST } from "../helpers/cross-toolchain.js";

const ARM = "aarch64-unknown-linux-gnu";
const KNOWN = [
  HOST,
  ARM,
  "x86_64-unknown-linux-musl",
  "x86_64-pc-windows-msvc",
  "aarch64-apple-darwin",
  "x86_64-pc-windows-gnu",
];

const tools = (o: Partial<InstalledTools> = {}): InstalledTools => ({
  cargo: "cargo",
  cargoVersion: "1.80.0",
  knownTargets: KNOWN,
  installedStd: [HOST],
  rustup: true,
  builders: ["cargo"],
  linkers: {},
  ...o,
});

const member = (name: string, bins: string[], o: Partial<Member> = {}): Member =>
  fakeMember(name, { bins, ...o });
const ws: Workspace = {
  root: "/ws",
  rootManifest: "/ws/Cargo.toml",
  targetDir: "/ws/target",
  members: [
    member("tool-core", []),
    member("tool", ["tool", "tool-admin"]),
    member("xtask", ["xtask"], { inheritsVersion: false }),
  ],
};
const config = (o: Record<string, unknown> = {}) => loadBinariesConfig(o).config;

describe("planBuilds", () => {
  it("builds the host with cargo when no targets are set, every bin of the release packages", () => {
    const plan = planBuilds(config(), ws, HOST, tools());
    expect(plan.problems).toEqual([]);
    expect(plan.name).toBe("tool");
    expect(plan.bins.map((b) => b.name)).toEqual(["tool", "tool-admin"]);
    expect(plan.targets.map((t) => [t.target, t.builder, t.runsOnHost])).toEqual([[HOST, "cargo", true]]);
    expect(plan.targets[0]?.binaries[1]?.path).toBe(`/ws/target/${HOST}/release/tool-admin`);
    expect(plan.groups).toEqual([
      {
        builder: "cargo",
        program: "cargo",
        args: ["build", "--locked", "--release", `--target=${HOST}`, "--package=tool"],
        targets: [HOST],
      },
    ]);
  });

  it("puts targets of one builder, features and profile in one cargo invocation", () => {
    const t = tools({
      installedStd: [HOST, ARM, "x86_64-unknown-linux-musl"],
      linkers: { AARCH64_UNKNOWN_LINUX_GNU: "aarch64-linux-gnu-gcc" },
    });
    const plan = planBuilds(config({ targets: [HOST, ARM, "x86_64-unknown-linux-musl"] }), ws, HOST, t);
    expect(plan.groups).toHaveLength(1);
    expect(plan.groups[0]?.args.filter((a) => a.startsWith("--target="))).toEqual([
      `--target=${HOST}`,
      `--target=${ARM}`,
      "--target=x86_64-unknown-linux-musl",
    ]);
    const split = planBuilds(
      config({ targets: [HOST, { target: ARM, features: ["simd"], profile: "dist" }] }),
      ws,
      HOST,
      t,
    );
    expect(split.groups.map((g) => g.targets)).toEqual([[HOST], [ARM]]);
    expect(split.groups[1]?.args).toEqual([
      "build",
      "--locked",
      "--profile=dist",
      `--target=${ARM}`,
      "--package=tool",
      "--features=simd",
    ]);
    expect(split.targets[1]?.binaries[0]?.path).toBe(`/ws/target/${ARM}/dist/tool`);
  });

  it("gives each target its own invocation with an old cargo or a wrapper builder", () => {
    const old = planBuilds(
      config({ targets: [HOST, "x86_64-unknown-linux-musl"] }),
      ws,
      HOST,
      tools({ cargoVersion: "1.63.0", installedStd: [HOST, "x86_64-unknown-linux-musl"] }),
    );
    expect(old.groups.map((g) => g.targets)).toEqual([[HOST], ["x86_64-unknown-linux-musl"]]);
    const zig = planBuilds(
      config({ targets: [ARM, "aarch64-apple-darwin"], builder: "cargo-zigbuild" }),
      ws,
      HOST,
      tools({ builders: ["cargo", "cargo-zigbuild"], installedStd: [HOST, ARM, "aarch64-apple-darwin"] }),
    );
    expect(zig.groups.map((g) => [g.program, g.args[0], g.targets])).toEqual([
      ["cargo", "zigbuild", [ARM]],
      ["cargo", "zigbuild", ["aarch64-apple-darwin"]],
    ]);
  });

  it("describes itself for a dry-run preview", () => {
    const plan = planBuilds(config(), ws, HOST, tools());
    expect(describePlan(plan)).toEqual([
      `${HOST}: cargo (host target), profile release; tool, tool-admin; smoke-tested`,
      `$ cargo build --locked --release --target=${HOST} --package=tool`,
    ]);
  });

  it("narrows to the bins option and names archives after the option or the owning package", () => {
    const plan = planBuilds(
      config({ bins: ["tool-admin"], name: "mytool", locked: false }),
      ws,
      HOST,
      tools(),
    );
    expect(plan.name).toBe("mytool");
    expect(plan.groups[0]?.args).toEqual([
      "build",
      "--release",
      `--target=${HOST}`,
      "--package=tool",
      "--bin=tool-admin",
    ]);
    const unknown = planBuilds(config({ bins: ["nope"] }), ws, HOST, tools());
    expect(planErrors(unknown.problems).map((e) => e.code)).toEqual(["EUNKNOWNBIN"]);
  });

  it("reports unknown triples, missing builders and std as problems, all at once", () => {
    const plan = planBuilds(
      config({
        targets: [
          "sparc-unknown-nowhere",
          { target: ARM, builder: "cross" },
          "x86_64-pc-windows-msvc",
          { target: ARM.replace("gnu", "musl"), builder: "cargo" },
        ],
      }),
      ws,
      HOST,
      tools({ knownTargets: [...KNOWN, "aarch64-unknown-linux-musl"] }),
    );
    expect(plan.targets).toEqual([]);
    const errors = planErrors(plan.problems);
    expect(errors.map((e) => e.code)).toEqual([
      "EUNKNOWNTARGET",
      "ENOBUILDER",
      "ENOAUTOBUILDER",
      "ENOTARGETSTD",
    ]);
    expect(errors[1]?.details).toContain("cargo install cross");
    expect(errors[3]?.details).toContain("rustup target add aarch64-unknown-linux-musl");
  });

  it("reports a workspace without binaries", () => {
    const lib: Workspace = { ...ws, members: [member("lib", [])] };
    expect(planErrors(planBuilds(config(), lib, HOST, tools()).problems).map((e) => e.code)).toEqual([
      "ENOBINARIES",
    ]);
  });
});

describe("chooseBuilder (auto)", () => {
  it("says which builder and why", () => {
    const all = tools({
      builders: ["cargo", "cross", "cargo-zigbuild", "cargo-xwin"],
      installedStd: [HOST, ARM, "aarch64-apple-darwin", "x86_64-pc-windows-msvc"],
    });
    expect(chooseBuilder("auto", HOST, HOST, all)).toEqual({ builder: "cargo", reason: "host target" });
    expect(chooseBuilder("auto", ARM, HOST, all)).toMatchObject({ builder: "cargo-zigbuild" });
    expect(chooseBuilder("auto", "x86_64-pc-windows-msvc", HOST, all)).toMatchObject({
      builder: "cargo-xwin",
    });
    expect(chooseBuilder("auto", ARM, HOST, tools({ builders: ["cargo", "cross"] }))).toMatchObject({
      builder: "cross",
    });
    const own = tools({
      builders: ["cargo", "cross"],
      installedStd: [HOST, ARM],
      linkers: { [ARM]: "aarch64-linux-gnu-gcc" },
    });
    expect(chooseBuilder("auto", ARM, HOST, own)).toEqual({
      builder: "cargo",
      reason: "std installed and linker aarch64-linux-gnu-gcc configured",
    });
    const musl = tools({ installedStd: [HOST, "x86_64-unknown-linux-musl"] });
    expect(chooseBuilder("auto", "x86_64-unknown-linux-musl", HOST, musl)).toMatchObject({
      builder: "cargo",
    });
    const none = chooseBuilder("auto", "x86_64-pc-windows-gnu", HOST, tools());
    expect(none).toMatchObject({ problem: { kind: "no-auto-builder" } });
  });
});

describe("triples and profiles", () => {
  it("knows what runs on the host", () => {
    expect(parseTriple("aarch64-unknown-linux-gnu")).toEqual({ arch: "aarch64", os: "linux", env: "gnu" });
    expect(parseTriple("aarch64-apple-darwin")).toEqual({ arch: "aarch64", os: "darwin", env: "" });
    expect(runsOnHost("x86_64-unknown-linux-musl", HOST)).toBe(true);
    expect(runsOnHost(ARM, HOST)).toBe(false);
    expect(runsOnHost("x86_64-pc-windows-gnu", HOST)).toBe(false);
  });

  it("maps profiles to cargo flags and output folders", () => {
    expect(profileArgs("release")).toEqual({ args: ["--release"], dir: "release" });
    expect(profileArgs("dev")).toEqual({ args: ["--profile=dev"], dir: "debug" });
    expect(profileArgs("dist")).toEqual({ args: ["--profile=dist"], dir: "dist" });
  });

  it("finds linkers from the environment form and the config form", () => {
    expect(linkerFor({ AARCH64_UNKNOWN_LINUX_GNU: "a-gcc" }, ARM)).toBe("a-gcc");
    expect(linkerFor({ [ARM]: "b-gcc" }, ARM)).toBe("b-gcc");
    expect(linkerFor({}, ARM)).toBeUndefined();
  });
});

describe("options", () => {
  it("rejects bad values with EINVALID<OPTION>", () => {
    const { errors } = loadBinariesConfig({
      targets: ["x86_64-unknown-linux-gnu", "x86_64-unknown-linux-gnu"],
      builder: "make",
      smokeTest: "yes",
      buildConcurrency: 0,
    });
    expect(errors.map((e) => e.code).sort()).toEqual([
      "EINVALIDBUILDCONCURRENCY",
      "EINVALIDBUILDER",
      "EINVALIDSMOKETEST",
      "EINVALIDTARGETS",
    ]);
    expect(
      loadBinariesConfig({ targets: [{ target: ARM, builder: "nope" }] }).errors.map((e) => e.code),
    ).toEqual(["EINVALIDTARGETS"]);
    expect(loadBinariesConfig({ smokeTest: false }).config.smokeTest).toBe(false);
    expect(loadBinariesConfig({}).config.smokeTest).toEqual({ args: ["--version"] });
  });
});
