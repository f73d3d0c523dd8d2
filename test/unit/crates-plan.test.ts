import { describe, expect, it } from "vitest";
import type { Member } from "../../src/cargo/workspace.js";
import { planCratePublish } from "../../src/crates/plan.js";
import { packageArgs, publishArgs } from "../../src/crates/cargo-args.js";
import { packageRuns } from "../../src/crates/package-runs.js";
import { errorCodes, rejection } from "../helpers/context.js";
import { fakeMember } from "../helpers/members.js";

type Dep = Member["dependencies"][number];
const member = (name: string, deps: Partial<Dep>[] = [], extra: Partial<Member> = {}): Member =>
  fakeMember(name, {
    version: "1.2.0",
    dependencies: deps.map((d) => ({
      kind: "normal",
      req: "^1.2.0",
      path: `/ws/${d.name}`,
      name: "?",
      ...d,
    })),
    ...extra,
  });
const plain = () => ({ features: [], noVerify: false, allowDirty: false });
const order = (members: Member[], release = members.map((m) => m.name)) =>
  planCratePublish(members, release, plain).crates.map((c) => c.name);

describe("planCratePublish", () => {
  it("puts every crate after the crates it depends on, else keeps workspace order", () => {
    const members = [
      member("app", [{ name: "cli-util" }, { name: "core" }]),
      member("cli-util", [{ name: "core" }]),
      member("core"),
      member("extra"),
    ];
    expect(order(members)).toEqual(["core", "cli-util", "app", "extra"]);
  });

  it("orders by build dependencies and renamed dependencies, not by dev-dependencies", () => {
    const members = [
      member("a", [{ name: "b", kind: "dev" }]),
      member("b", [
        { name: "c", rename: "see", kind: "build" },
        { name: "a", kind: "dev" },
      ]),
      member("c"),
    ];
    expect(order(members)).toEqual(["a", "c", "b"]);
  });

  it("skips publish = false and members outside the release packages, saying why", () => {
    const members = [member("tool", [], { publish: false }), member("lib"), member("internal")];
    const plan = planCratePublish(members, ["tool", "lib"], plain);
    expect(plan.crates.map((c) => c.name)).toEqual(["lib"]);
    expect(plan.skipped).toEqual([
      { name: "tool", version: "1.2.0", reason: "publish = false" },
      { name: "internal", version: "1.2.0", reason: "not a release package" },
    ]);
  });

  it("reports a dependency cycle as EDEPENDENCYCYCLE with the crates in it", async () => {
    const members = [
      member("x", [{ name: "y" }]),
      member("y", [{ name: "z" }]),
      member("z", [{ name: "y" }]),
    ];
    const error = await rejection(Promise.resolve().then(() => order(members)));
    expect(errorCodes(error)).toEqual(["EDEPENDENCYCYCLE"]);
    expect((error as Error).message).toContain("y → z → y");
  });

  it("carries per-crate settings into cargo's arguments, never a token", () => {
    const members = [member("core"), member("app", [{ name: "core" }])];
    const plan = planCratePublish(members, ["core", "app"], (name) =>
      name === "app" ? { features: ["tls"], noVerify: true, allowDirty: false } : plain(),
    );
    const registry = {
      label: "registry `r`",
      cargoName: "r",
      indexUrl: "http://x/",
      tokenEnv: "T",
      isCratesIo: false,
    };
    expect(publishArgs(plan.crates[1]!, registry, "/ws/Cargo.toml")).toEqual([
      "publish",
      "--manifest-path=/ws/Cargo.toml",
      "--package=app",
      "--registry=r",
      "--features=app/tls",
      "--no-verify",
    ]);
    expect(
      publishArgs(plan.crates[0]!, { ...registry, cargoName: undefined, isCratesIo: true }, "/ws/Cargo.toml"),
    ).toEqual(["publish", "--manifest-path=/ws/Cargo.toml", "--package=core"]);
    expect(packageArgs(plan.crates, registry, "/ws/Cargo.toml")).toEqual([
      "package",
      "--manifest-path=/ws/Cargo.toml",
      "--package=core",
      "--package=app",
      "--registry=r",
      "--features=app/tls",
      "--no-verify",
    ]);
  });

  it("packages crates with different noVerify/allowDirty in separate runs, each with the crates it depends on", () => {
    const members = [
      member("core"),
      member("sys", [], {}),
      member("mid", [{ name: "core" }, { name: "sys" }]),
      member("app", [{ name: "mid" }]),
    ];
    const settings = (name: string) =>
      name === "sys" ? { features: [], noVerify: true, allowDirty: true } : plain();
    const runs = packageRuns(planCratePublish(members, ["core", "sys", "mid", "app"], settings).crates);
    expect(runs.map((r) => ({ ...r, crates: r.crates.map((c) => c.name) }))).toEqual([
      {
        crates: ["core", "sys", "mid", "app"],
        checks: ["core", "mid", "app"],
        noVerify: false,
        allowDirty: true,
      },
      { crates: ["sys"], checks: ["sys"], noVerify: true, allowDirty: true },
    ]);
    const same = packageRuns(planCratePublish(members, ["core", "mid"], plain).crates);
    expect(same).toHaveLength(1);
    expect(same[0]).toMatchObject({ checks: ["core", "mid"], noVerify: false, allowDirty: false });
  });
});
