import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/index.js";
import { dockerOptions } from "../../src/config/options/docker.js";
import { loadDockerConfig } from "../../src/docker/config.js";
import { choosePlatforms, dockerPreviewLines } from "../../src/docker/preview.js";
import { renderTags, templatesFor, variantTag } from "../../src/docker/tags.js";
import { dockerConfigErrors } from "../../src/docker/verify.js";
import { errorCodes, testContext } from "../helpers/context.js";
import { HOST } from "../helpers/cross-toolchain.js";

const DOCKER = "semantic-release-rust/docker";
const defaults = loadConfig(DOCKER, dockerOptions, {}).config;
const alpine = { suffix: "-alpine", baseImage: "alpine:3.20", user: "nobody" };

describe("image variants", () => {
  it("every tag gets the suffix, and latest becomes the suffix's name alone", () => {
    const main = renderTags(templatesFor(defaults, null), { version: "1.2.3" }, "-alpine");
    expect(main.tags).toEqual(["1.2.3-alpine", "1.2-alpine", "1-alpine", "alpine"]);
    const beta = renderTags(
      templatesFor(defaults, "beta"),
      { version: "2.0.0-beta.1", channel: "beta" },
      "-alpine",
    );
    expect(beta.tags).toEqual(["2.0.0-beta.1-alpine", "beta-alpine"]);
    expect(variantTag("dev", "-alpine")).toBe("dev-alpine");
    expect(variantTag("latest", "")).toBe("latest");
  });

  it("a variant's tag over 128 characters is an EDOCKERTAG naming the variant", () => {
    const { errors } = renderTags(["{version}"], { version: `1.0.0-${"a".repeat(118)}` }, "-alpine");
    expect(errorCodes(errors[0])).toEqual(["EDOCKERTAG"]);
    expect(errors[0]?.message).toContain("(variant -alpine)");
  });

  it("the option is checked field by field, with the path of the bad value", () => {
    const cases: [unknown, string, string][] = [
      [[alpine, { suffix: "alpine" }], "variants[1].suffix", "a tag suffix such as `-alpine`"],
      [[alpine, { ...alpine, user: "nobody" }], "variants[1].suffix", "a suffix not listed before"],
      [[{ suffix: "-slim", user: "root;id" }], "variants[0].user", "a user name"],
      [[{ suffix: "-slim", base: "x" }], "variants[0].base", "no `base` field"],
      [{ suffix: "-slim" }, "variants", "an array of variants"],
    ];
    for (const [variants, path, expected] of cases) {
      const { errors } = loadConfig(DOCKER, dockerOptions, { variants });
      expect(errors.map((e) => [e.code, e.path])).toEqual([["EINVALIDVARIANTS", path]]);
      expect(errors[0]?.message).toContain(expected);
    }
    const ok = loadConfig(DOCKER, dockerOptions, { variants: [alpine, { suffix: "_slim" }] });
    expect(ok.errors).toEqual([]);
  });

  it("verifyConditions refuses a suffix whose name is another image's tag, and variants with buildx", () => {
    const check = (options: Record<string, unknown>) => {
      const context = testContext("/tmp");
      const r = loadDockerConfig({ images: ["ghcr.io/a/b"], ...options }, context);
      return dockerConfigErrors(r, context).map((e) => e.code);
    };
    expect(check({ variants: [alpine] })).toEqual([]);
    expect(check({ variants: [{ suffix: "-latest" }] })).toEqual(["EDOCKERVARIANTTAG"]);
    expect(check({ builder: "buildx", variants: [alpine] })).toEqual(["EDOCKERVARIANTBUILDX"]);
  });

  it("each variant inherits the main image's base and user unless it sets its own", () => {
    const r = loadDockerConfig(
      {
        images: ["ghcr.io/a/b"],
        baseImage: "gcr.io/distroless/static",
        variants: [alpine, { suffix: "-slim" }],
      },
      testContext("/repo"),
    );
    expect(r.variants).toEqual([
      { suffix: "", baseImage: "gcr.io/distroless/static", user: "65532" },
      alpine,
      { suffix: "-slim", baseImage: "gcr.io/distroless/static", user: "65532" },
    ]);
    expect(r.layoutDir).toBe("/repo/dist/oci");
  });

  it("two docker entries write two layouts; one entry keeps dist/oci", () => {
    const first = { images: ["ghcr.io/a/app"] };
    const second = { images: ["ghcr.io/a/app"], variants: [alpine] };
    const plugins = ["semantic-release-rust/binaries", [DOCKER, first], [DOCKER, second]];
    const context = testContext("/repo", { options: { plugins, branches: ["main"] } });
    // semantic-release merges the global options into each entry's (the first entry's are a subset of the second's).
    const globals = { branches: ["main"], plugins };
    expect(loadDockerConfig({ ...globals, ...first }, context).layoutDir).toBe("/repo/dist/oci");
    expect(loadDockerConfig({ ...globals, ...second }, context).layoutDir).toBe("/repo/dist/oci-2");
    const single = testContext("/repo", { options: { plugins: [[DOCKER, second]] } });
    expect(loadDockerConfig(second, single).layoutDir).toBe("/repo/dist/oci");
  });

  it("the preview lists every variant's image references", () => {
    const tags = ["1.4.0", "1.4", "1", "latest"];
    const lines = dockerPreviewLines({
      version: "1.4.0",
      ...choosePlatforms({ binaryTargets: [HOST] }),
      images: [{ name: "ghcr.io/acme/tool", insecure: false }],
      tags,
      variants: [{ ...alpine, tags: tags.map((t) => variantTag(t, "-alpine")) }],
    });
    expect(lines).toContain(
      "Would push the -alpine variant (base alpine:3.20, user nobody) of ghcr.io/acme/tool with tags 1.4.0-alpine, 1.4-alpine, 1-alpine, alpine:",
    );
    expect(lines).toContain("  ghcr.io/acme/tool:alpine");
  });
});
