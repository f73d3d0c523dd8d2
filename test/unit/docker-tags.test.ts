import { describe, expect, it } from "vitest";
import { dockerOptions } from "../../src/config/options/docker.js";
import { resolveOptions } from "../../src/config/define.js";
import { renderTags, templatesFor } from "../../src/docker/tags.js";
import { credentialsFor } from "../../src/docker/credentials.js";
import { isValidTag, parseImageName } from "../../src/oci/registry/image-name.js";
import { errorCodes } from "../helpers/context.js";

const defaults = resolveOptions(dockerOptions, {}).config;

describe("image tags", () => {
  it("the main channel gets the version, major.minor, major and latest", () => {
    const { tags } = renderTags(templatesFor(defaults, null), { version: "1.4.2" });
    expect(tags).toEqual(["1.4.2", "1.4", "1", "latest"]);
  });

  it("a prerelease channel gets the version and the channel name only", () => {
    const { tags } = renderTags(templatesFor(defaults, "beta"), { version: "2.0.0-beta.3", channel: "beta" });
    expect(tags).toEqual(["2.0.0-beta.3", "beta"]);
  });

  it("build metadata becomes a dash, and custom templates use the revision", () => {
    const { tags } = renderTags(["{version}", "sha-{revision}"], {
      version: "1.0.0+linux",
      gitHead: "abcdef0123456789",
    });
    expect(tags).toEqual(["1.0.0-linux", "sha-abcdef012345"]);
  });

  it("templates that give an invalid tag are EDOCKERTAG errors", () => {
    const { errors } = renderTags(["v{unknown}", "-{version}"], { version: "1.0.0" });
    expect(errorCodes(errors[0])).toEqual(["EDOCKERTAG"]);
    expect(errors).toHaveLength(2);
  });

  it("follows docker's tag grammar", () => {
    expect(isValidTag("1.2.3-rc.1")).toBe(true);
    expect(isValidTag(".hidden")).toBe(false);
    expect(isValidTag("a".repeat(129))).toBe(false);
  });
});

describe("image names", () => {
  it("knows Docker Hub, GHCR and local registries", () => {
    expect(parseImageName("rgreet")).toEqual({
      registry: "docker.io",
      apiHost: "registry-1.docker.io",
      repository: "library/rgreet",
    });
    expect(parseImageName("user/rgreet")?.repository).toBe("user/rgreet");
    expect(parseImageName("ghcr.io/owner/rgreet")).toEqual({
      registry: "ghcr.io",
      apiHost: "ghcr.io",
      repository: "owner/rgreet",
    });
    expect(parseImageName("127.0.0.1:5000/a/b")).toMatchObject({
      registry: "127.0.0.1:5000",
      repository: "a/b",
    });
    expect(parseImageName("Bad/Name")).toBeUndefined();
    expect(parseImageName("ghcr.io/o/app:1.0")).toBeUndefined();
  });
});

describe("registry credentials from the environment", () => {
  it("uses GITHUB_TOKEN for ghcr.io and DOCKER_USERNAME/DOCKER_PASSWORD elsewhere", () => {
    const env = { GITHUB_TOKEN: "ght", GITHUB_ACTOR: "me", DOCKER_USERNAME: "du", DOCKER_PASSWORD: "dp" };
    expect(credentialsFor("ghcr.io", defaults, env).credentials).toEqual({ username: "me", password: "ght" });
    expect(credentialsFor("docker.io", defaults, env).credentials).toEqual({
      username: "du",
      password: "dp",
    });
    expect(credentialsFor("docker.io", defaults, {})).toEqual({
      env: ["DOCKER_USERNAME", "DOCKER_PASSWORD"],
    });
  });

  it("reads the variables a user names per registry", () => {
    const config = {
      credentials: { "reg.example.com": { usernameEnv: "REG_USER", passwordEnv: "REG_PASS" } },
    };
    expect(credentialsFor("reg.example.com", config, { REG_USER: "u", REG_PASS: "p" }).credentials).toEqual({
      username: "u",
      password: "p",
    });
    expect(
      credentialsFor("reg.example.com", config, { DOCKER_USERNAME: "du", DOCKER_PASSWORD: "dp" }),
    ).toEqual({
      env: ["REG_USER", "REG_PASS"],
    });
  });
});
