import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/index.js";
import { cargoOptions } from "../../src/config/options/cargo.js";
import { binariesOptions } from "../../src/config/options/binaries.js";
import { cratesOptions } from "../../src/config/options/crates.js";
import { dockerOptions } from "../../src/config/options/docker.js";
import { githubOptions } from "../../src/config/options/github.js";
import type { Schema } from "../../src/config/define.js";

describe("config schema", () => {
  it("applies defaults and ignores semantic-release's global options", () => {
    const { config, errors } = loadConfig("semantic-release-rust", cargoOptions, {
      branches: ["main"],
      repositoryUrl: "file:///x",
    });
    expect(errors).toEqual([]);
    expect(config.manifestPath).toBe("Cargo.toml");
    expect(config.updateLockfile).toBe(true);
    expect(config.packages).toBeUndefined();
  });

  it("reports every wrong value as EINVALID<OPTION> naming the option and what was expected", () => {
    const { errors } = loadConfig("semantic-release-rust", cargoOptions, {
      packages: [1, 2],
      updateLockfile: "yes",
    });
    expect(errors.map((e) => e.code).sort()).toEqual(["EINVALIDPACKAGES", "EINVALIDUPDATELOCKFILE"]);
    const lockfile = errors.find((e) => e.code === "EINVALIDUPDATELOCKFILE");
    expect(lockfile?.message).toBe("Invalid `updateLockfile` option: expected true or false.");
    expect(lockfile?.details).toContain('`"yes"`');
    expect(lockfile?.path).toBe("updateLockfile");
    const packages = errors.find((e) => e.code === "EINVALIDPACKAGES");
    expect(packages?.message).toBe(
      "Invalid `packages[0]` in the `packages` option: expected a non-empty string.",
    );
    expect(packages?.details).toContain("must be an array of non-empty strings");
    expect(packages?.path).toBe("packages[0]");
    expect(packages?.semanticRelease).toBe(true);
  });

  it("accepts a single package name as a one-element list", () => {
    const { config } = loadConfig("semantic-release-rust", cargoOptions, { packages: "rgreet" });
    expect(config.packages).toEqual(["rgreet"]);
  });

  /** The code, path and message of the one error a configuration gets. */
  const only = (plugin: string, schema: Schema, options: Record<string, unknown>) => {
    const { errors } = loadConfig(plugin, schema, options);
    expect(errors).toHaveLength(1);
    const [e] = errors as [(typeof errors)[number]];
    return { code: e.code, path: e.path, message: e.message };
  };

  it.each([
    [
      "a target's builder",
      binariesOptions,
      {
        targets: [
          "x86_64-unknown-linux-gnu",
          "aarch64-apple-darwin",
          { target: "x86_64-pc-windows-msvc", builder: "make" },
        ],
      },
      "EINVALIDTARGETS",
      "targets[2].builder",
      'one of "auto", "cargo", "cross", "cargo-zigbuild", "cargo-xwin"',
    ],
    [
      "a target listed twice",
      binariesOptions,
      { targets: ["x86_64-unknown-linux-gnu", "x86_64-unknown-linux-gnu"] },
      "EINVALIDTARGETS",
      "targets[1]",
      "a target not listed before",
    ],
    [
      "a lone bad triple",
      binariesOptions,
      { targets: "linux" },
      "EINVALIDTARGETS",
      "targets",
      "a target triple",
    ],
    [
      "a lone target's builder",
      binariesOptions,
      { targets: { target: "x86_64-unknown-linux-gnu", builder: "make" } },
      "EINVALIDTARGETS",
      "targets.builder",
      'one of "auto"',
    ],
    [
      "a smoke test argument",
      binariesOptions,
      { smokeTest: { args: ["--version", 2] } },
      "EINVALIDSMOKETEST",
      "smokeTest.args[1]",
      "a string",
    ],
    [
      "a crate's feature",
      cratesOptions,
      { crates: { rgreet: { features: [""] } } },
      "EINVALIDCRATES",
      "crates.rgreet.features[0]",
      "a non-empty string",
    ],
    [
      "a crate's unknown field",
      cratesOptions,
      { crates: { rgreet: { feature: ["x"] } } },
      "EINVALIDCRATES",
      "crates.rgreet.feature",
      "no `feature` field",
    ],
    [
      "a metadata field",
      cratesOptions,
      { requiredMetadata: ["license", "licence"] },
      "EINVALIDREQUIREDMETADATA",
      "requiredMetadata[1]",
      "one of `description`",
    ],
    [
      "a registry's password variable",
      dockerOptions,
      { credentials: { "ghcr.io": { usernameEnv: "U", passwordEnv: 1 } } },
      "EINVALIDCREDENTIALS",
      'credentials["ghcr.io"].passwordEnv',
      "the name of an environment variable",
    ],
    [
      "a build argument",
      dockerOptions,
      { buildArgs: { VERSION: "1", OTHER: 2 } },
      "EINVALIDBUILDARGS",
      "buildArgs.OTHER",
      "a string",
    ],
    [
      "an asset's label",
      githubOptions,
      { assets: ["dist/*.deb", { path: "x", label: "" }] },
      "EINVALIDASSETS",
      "assets[1].label",
      "a non-empty template",
    ],
  ] as const)("points at the bad field: %s", (_, schema, options, code, path, expected) => {
    const e = only("semantic-release-rust/x", schema, options);
    expect(e.code).toBe(code);
    expect(e.path).toBe(path);
    expect(e.message).toContain(`\`${path}\``);
    expect(e.message).toContain(`expected ${expected}`);
  });
});
