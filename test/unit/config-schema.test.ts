import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/index.js";
import { cargoOptions } from "../../src/config/options/cargo.js";

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
    const packages = errors.find((e) => e.code === "EINVALIDPACKAGES");
    expect(packages?.message).toContain("`packages`");
    expect(packages?.message).toContain("an array of non-empty strings");
    expect(packages?.details).toContain("[1,2]");
    expect(packages?.semanticRelease).toBe(true);
  });

  it("accepts a single package name as a one-element list", () => {
    const { config } = loadConfig("semantic-release-rust", cargoOptions, { packages: "rgreet" });
    expect(config.packages).toEqual(["rgreet"]);
  });
});
