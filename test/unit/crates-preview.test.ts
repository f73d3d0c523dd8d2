import { describe, expect, it } from "vitest";
import { publishArgs } from "../../src/crates/cargo-args.js";
import { planCratePublish } from "../../src/crates/plan.js";
import { cratesPreviewLines, type CratesPreview } from "../../src/crates/preview.js";
import type { TargetRegistry } from "../../src/crates/registry.js";
import type { Member } from "../../src/cargo/workspace.js";
import { fakeMember } from "../helpers/members.js";

type Dep = Member["dependencies"][number];
const member = (name: string, deps: string[] = [], extra: Partial<Member> = {}): Member =>
  fakeMember(name, {
    version: "0.4.0",
    dependencies: deps.map((d): Dep => ({ name: d, kind: "normal", req: "^0.4.0", path: `/ws/${d}` })),
    ...extra,
  });
const registry: TargetRegistry = {
  label: "registry `local`",
  cargoName: "local",
  indexUrl: "http://127.0.0.1:1/index/",
  tokenEnv: "CARGO_REGISTRIES_LOCAL_TOKEN",
  isCratesIo: false,
};

/** The preview for the next version of a workspace, with the versions the index already lists. */
function preview(members: Member[], version: string, inIndex?: Record<string, string[]>): CratesPreview {
  const plan = planCratePublish(
    members,
    members.filter((m) => m.inheritsVersion).map((m) => m.name),
    () => ({
      features: [],
      noVerify: false,
      allowDirty: false,
    }),
  );
  return {
    registry: registry.label,
    crates: plan.crates.map((c) => ({
      name: c.name,
      version,
      dependsOn: c.dependsOn,
      args: publishArgs(c, registry, "Cargo.toml"),
      ...(inIndex ? { inIndex: (inIndex[c.name] ?? []).includes(version) } : {}),
    })),
    skipped: plan.skipped,
  };
}

describe("cratesPreviewLines", () => {
  const members = [
    member("app", ["core"]),
    member("core"),
    member("internal", [], { publish: false }),
    member("xtask", [], { inheritsVersion: false, version: "0.0.1" }),
  ];

  it("lists the crates in publishing order at the new version, with their cargo command, then the skipped", () => {
    const lines = cratesPreviewLines(preview(members, "0.5.0", {}));
    expect(lines[0]).toBe("Would publish 2 crates to registry `local`, in order: core@0.5.0, app@0.5.0");
    expect(lines).toEqual([
      lines[0],
      "  1. core 0.5.0 (not in the index yet)",
      "     $ cargo publish --manifest-path=Cargo.toml --package=core --registry=local",
      "  2. app 0.5.0 (after core; not in the index yet)",
      "     $ cargo publish --manifest-path=Cargo.toml --package=app --registry=local",
      "  not published: internal 0.4.0 (publish = false)",
      "  not published: xtask 0.0.1 (not a release package)",
    ]);
  });

  it("marks a version the index already lists as skipped, without a command", () => {
    const lines = cratesPreviewLines(preview(members, "0.5.0", { core: ["0.4.0", "0.5.0"], app: ["0.4.0"] }));
    expect(lines).toContain("  1. core 0.5.0 (already in the index: skipped)");
    expect(lines.some((l) => l.includes("--package=core"))).toBe(false);
    expect(lines).toContain("     $ cargo publish --manifest-path=Cargo.toml --package=app --registry=local");
  });

  it("says when the index could not be read", () => {
    const p = { ...preview(members, "0.5.0"), indexError: "HTTP 503" };
    const lines = cratesPreviewLines(p);
    expect(lines).toContain("  1. core 0.5.0");
    expect(lines.at(-1)).toBe("  the index could not be read (HTTP 503): versions already there are unknown");
  });

  it("says when there is nothing to publish", () => {
    const lines = cratesPreviewLines(preview([member("only", [], { publish: false })], "1.0.0"));
    expect(lines).toEqual([
      "No crate to publish to registry `local`",
      "  not published: only 0.4.0 (publish = false)",
    ]);
  });
});
