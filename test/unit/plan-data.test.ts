import { describe, expect, it } from "vitest";
import { archiveSettings } from "../../src/binaries/archive-settings.js";
import { loadBinariesConfig } from "../../src/binaries/config.js";
import {
  builtPlanData,
  planBuilds,
  prebuiltPlanData,
  releaseFileNames,
  runnerOs,
} from "../../src/binaries/plan.js";
import { cargoPlanData, planVersionBump } from "../../src/cargo/plan.js";
import type { Workspace } from "../../src/cargo/workspace.js";
import { loadDockerConfig } from "../../src/docker/config.js";
import { manifestBinaryTargets, planImageTags, planPlatforms } from "../../src/docker/oci-plan.js";
import { assetUploadOrder, manifestAssets } from "../../src/github/plan.js";
import type { DistManifest } from "../../src/manifest/dist-manifest.js";
import { planJson } from "../../src/plan/plan-json.js";
import { planLines, type PluginPlanData } from "../../src/plan/plan-data.js";
import type { ReleasePlan } from "../../src/plan/release-plan.js";
import { HOST } from "../helpers/cross-toolchain.js";
import { ARM, fakeTools, WIN } from "../helpers/installed-tools.js";
import { testContext } from "../helpers/context.js";
import { fakeMember } from "../helpers/members.js";

const MAC = "aarch64-apple-darwin";
const tools = fakeTools;
const ws: Workspace = {
  root: "/ws",
  rootManifest: "/ws/Cargo.toml",
  targetDir: "/ws/target",
  members: [
    fakeMember("tool-core", { version: "0.1.0" }),
    fakeMember("tool", { version: "0.1.0", bins: ["tool"] }),
  ],
};

/** The binaries plan data of a release built here. */
function built(options: Record<string, unknown>, version = "1.3.0") {
  const { config } = loadBinariesConfig(options);
  const plan = planBuilds(config, ws, HOST, tools);
  return builtPlanData(plan, { config, settings: archiveSettings(config), version });
}

/** A JSON round trip changes nothing: the plan is plain data. */
const json = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

describe("binaries plan data", () => {
  it("gives each target its runner OS, builder and why, archive and checksum file", () => {
    const data = built({ targets: [HOST, ARM, WIN], features: ["fast"] });
    expect(json(data)).toEqual(data);
    expect(
      data.targets.map((t) => [t.target, t.os, t.builder, t.archive, t.checksum, t.smokeTested]),
    ).toEqual([
      [HOST, "linux", "cargo", `tool-v1.3.0-${HOST}.tar.gz`, `tool-v1.3.0-${HOST}.tar.gz.sha256`, true],
      [ARM, "linux", "cargo", `tool-v1.3.0-${ARM}.tar.gz`, `tool-v1.3.0-${ARM}.tar.gz.sha256`, false],
      [WIN, "windows", "cargo-xwin", `tool-v1.3.0-${WIN}.zip`, `tool-v1.3.0-${WIN}.zip.sha256`, false],
    ]);
    expect(data.targets[0]).toMatchObject({ reason: "host target", features: ["fast"], profile: "release" });
    expect(data.targets.every((t) => t.binaries.join() === "tool")).toBe(true);
    expect(data.commands.map((c) => c.slice(0, 2))).toEqual([
      ["cargo", "build"],
      ["cargo", "xwin"],
    ]);
    expect(releaseFileNames(data)).toEqual([
      ...data.targets.flatMap((t) => [t.archive, `${t.archive}.cdx.json`, t.checksum]),
      "SHA256SUMS",
    ]);
  });

  it("with prebuilt binaries names what the matrix jobs must deliver and who picks the builder", async () => {
    const { config } = loadBinariesConfig({
      targets: [HOST, { target: MAC, builder: "cargo" }],
      prebuilt: "artifacts",
      name: "mytool",
    });
    const data = prebuiltPlanData(ws, "", { config, settings: archiveSettings(config), version: "2.0.0" });
    expect(data).toMatchObject({ name: "mytool", prebuilt: "artifacts", commands: [] });
    expect(data.targets.map((t) => [t.target, t.os, t.builder, t.reason, t.archive, t.smokeTested])).toEqual([
      [HOST, "linux", "auto", "chosen by each matrix job", `mytool-v2.0.0-${HOST}.tar.gz`, false],
      [MAC, "macos", "cargo", "set in the configuration", `mytool-v2.0.0-${MAC}.tar.gz`, false],
    ]);
    expect((await planLines({ plugin: "semantic-release-rust/binaries", ...data }))[0]).toBe(
      "Would collect the binaries of 2.0.0 for 2 targets from artifacts (built elsewhere)",
    );
  });

  it("maps triples to runner OSes; other Unixes cross-build on linux", () => {
    expect(["x86_64-apple-darwin", "aarch64-apple-ios", WIN, "x86_64-pc-windows-gnu"].map(runnerOs)).toEqual([
      "macos",
      "macos",
      "windows",
      "windows",
    ]);
    expect(["x86_64-unknown-freebsd", "x86_64-unknown-linux-musl"].map(runnerOs)).toEqual(["linux", "linux"]);
  });
});

describe("cargo plan data", () => {
  it("lists the packages, versions and each file's changes, paths relative, without the new texts", async () => {
    const texts = new Map([
      [
        "/ws/Cargo.toml",
        '[workspace]\nmembers = ["tool", "tool-core"]\n\n[workspace.package]\nversion = "0.1.0"\n',
      ],
      ["/ws/tool/Cargo.toml", '[package]\nname = "tool"\nversion.workspace = true\n'],
      ["/ws/tool-core/Cargo.toml", '[package]\nname = "tool-core"\nversion.workspace = true\n'],
    ]);
    const data = cargoPlanData(planVersionBump(ws, ws.members, "0.1.0", "0.2.0", texts));
    expect(json(data)).toEqual(data);
    expect(data).toEqual({
      from: "0.1.0",
      to: "0.2.0",
      packages: ["tool-core", "tool"],
      files: [
        {
          file: "Cargo.toml",
          changes: [{ location: "workspace.package.version", from: "0.1.0", to: "0.2.0" }],
        },
      ],
      skipped: [],
    });
    expect(await planLines({ plugin: "semantic-release-rust", ...data })).toEqual([
      "Bump tool-core, tool from 0.1.0 to 0.2.0",
      "  Cargo.toml: workspace.package.version",
    ]);
  });
});

describe("docker plan data", () => {
  it("prepare and the plan choose the same builder and platforms from the same binaries", () => {
    const manifest: DistManifest = {
      schemaVersion: 1,
      version: "1.0.0",
      artifacts: [HOST, ARM, WIN].map((target) => ({
        path: `bin/${target}/tool`,
        kind: "binary" as const,
        target,
        binary: "tool",
        size: 1,
        sha256: "0".repeat(64),
      })),
    };
    const fromPlan = planPlatforms({ binaryTargets: [HOST, ARM, WIN] });
    const fromManifest = planPlatforms({ binaryTargets: manifestBinaryTargets(manifest) });
    expect(fromManifest.builder).toBe("oci");
    expect(fromManifest.requests).toEqual(fromPlan.requests);
    expect(planPlatforms({ platforms: ["linux/arm/v7"], binaryTargets: [HOST] }).builder).toBe("buildx");
    expect(planPlatforms({ binaryTargets: manifestBinaryTargets(undefined) })).toMatchObject({
      builder: "buildx",
      requests: [{ platform: { os: "linux", architecture: "amd64" } }],
    });
  });

  it("gives every image the tags of the release's channel", () => {
    const r = loadDockerConfig({ images: ["ghcr.io/acme/tool", "127.0.0.1:5000/tool"] }, testContext("/ws"));
    expect(planImageTags(r, { version: "2.0.0-beta.1", channel: "beta" }).images).toEqual([
      { name: "ghcr.io/acme/tool", insecure: false, tags: ["2.0.0-beta.1", "beta"] },
      { name: "127.0.0.1:5000/tool", insecure: true, tags: ["2.0.0-beta.1", "beta"] },
    ]);
  });
});

describe("github plan data", () => {
  it("uploads the manifest's release files in its order, then the patterns' matches, each name once", () => {
    const file = (path: string, kind: "archive" | "checksum" | "checksums" | "binary") => ({
      path,
      kind,
      size: 1,
      sha256: "0".repeat(64),
    });
    const manifest: DistManifest = {
      schemaVersion: 1,
      version: "1.0.0",
      artifacts: [
        file("a.tar.gz", "archive"),
        file("a.tar.gz.sha256", "checksum"),
        file("bin/x/tool", "binary"),
        file("SHA256SUMS", "checksums"),
      ],
    };
    const names = manifestAssets(manifest).map((a) => a.name);
    expect(names).toEqual(["a.tar.gz", "a.tar.gz.sha256", "SHA256SUMS"]);
    expect(assetUploadOrder(names, [{ names: ["LICENSE", "SHA256SUMS"] }, { names: ["LICENSE"] }])).toEqual([
      ...names,
      "LICENSE",
    ]);
  });
});

describe("plan --json", () => {
  it("takes the build matrix from the binaries plan and the images from the docker plan", () => {
    const binaries = built({ targets: [HOST, WIN] });
    const docker: PluginPlanData = {
      plugin: "semantic-release-rust/docker",
      version: "1.3.0",
      builder: "oci",
      builderReason: "every platform has binaries from semantic-release-rust/binaries",
      platforms: [{ platform: "linux/amd64", target: HOST }],
      platformsFrom: "the linux targets of semantic-release-rust/binaries",
      images: [{ name: "ghcr.io/acme/tool", insecure: false, tags: ["1.3.0", "latest"] }],
    };
    const plan: ReleasePlan = {
      version: "1.3.0",
      gitTag: "v1.3.0",
      channel: null,
      configFile: ".releaserc.json",
      plugins: [
        {
          plugin: "semantic-release-rust/binaries",
          status: "ok",
          lines: [],
          problems: [],
          data: { plugin: "semantic-release-rust/binaries", ...binaries },
        },
        { plugin: "semantic-release-rust/docker", status: "ok", lines: [], problems: [], data: docker },
      ],
    };
    const out = planJson(plan);
    expect(out.matrix).toEqual([
      {
        target: HOST,
        os: "linux",
        builder: "cargo",
        artifacts: [`tool-v1.3.0-${HOST}.tar.gz`, `tool-v1.3.0-${HOST}.tar.gz.sha256`],
      },
      {
        target: WIN,
        os: "windows",
        builder: "cargo-xwin",
        artifacts: [`tool-v1.3.0-${WIN}.zip`, `tool-v1.3.0-${WIN}.zip.sha256`],
      },
    ]);
    expect(out.images).toEqual([
      { name: "ghcr.io/acme/tool", tags: ["1.3.0", "latest"], platforms: ["linux/amd64"] },
    ]);
    expect(json(out)).toEqual(out);
  });
});
