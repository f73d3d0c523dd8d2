import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { renderArchiveName } from "../../src/binaries/archive-layout.js";
import { LEVELS } from "../../src/binaries/archive-compress.js";
import { archiveConfigErrors } from "../../src/binaries/verify-archives.js";
import { planCommand } from "../../src/cli/plan.js";
import { resolveOptions } from "../../src/config/define.js";
import { archivesOptions } from "../../src/config/options/archives.js";
import { binariesOptions } from "../../src/config/options/binaries.js";
import { githubOptions } from "../../src/config/options/github.js";
import {
  fileNameProblem,
  releaseChannels,
  renderTagFormat,
  renderTemplate,
  SAMPLE_VERSION,
} from "../../src/config/templates.js";
import { loadDockerConfig } from "../../src/docker/config.js";
import { dockerConfigErrors } from "../../src/docker/verify.js";
import { renderTemplate as renderAssetTemplate } from "../../src/github/template.js";
import { assetTemplateErrors } from "../../src/github/verify-templates.js";
import { tagFormatErrors } from "../../src/cargo/tag-format.js";
import { testContext } from "../helpers/context.js";
import { examplesCopy } from "../helpers/fixtures.js";
import { captureStream } from "../helpers/run-release.js";

const HOST = "x86_64-unknown-linux-gnu";
const WINDOWS = "x86_64-pc-windows-msvc";
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

const binariesConfig = (o: Record<string, unknown>) => resolveOptions(binariesOptions, o);
const names = (o: Partial<{ name: string; bins: string[]; targets: string[] }> = {}) => ({
  name: "rgreet",
  bins: ["rgreet"],
  targets: [HOST, WINDOWS],
  ...o,
});
const codesOf = (errors: Error[]) => errors.map((e) => (e as { code?: string }).code);

describe("the one template renderer", () => {
  it("fills known placeholders, reports unknown ones and stray braces, and runs no code", () => {
    expect(renderTemplate("{a}-{b}", { a: "1", b: undefined })).toEqual({
      text: "1-",
      unknown: [],
      unbalanced: false,
    });
    expect(renderTemplate("{a}-{os}-${a}", { a: "1" })).toMatchObject({
      text: "1-{os}-$1",
      unknown: ["{os}"],
    });
    expect(renderTemplate("{a", { a: "1" }).unbalanced).toBe(true);
    expect(renderTemplate("{constructor}", {}).unknown).toEqual(["{constructor}"]);
    // GitHub keeps its documented behaviour: unknown placeholders give "" at run time.
    expect(renderAssetTemplate("{name} ({os})", { name: "x" })).toBe("x ()");
  });

  it("accepts one safe file name only", () => {
    expect(fileNameProblem("rgreet-v1.2.3-rc.1+build.5-x86_64")).toBeUndefined();
    for (const bad of ["", " ", "a/b", "a\\b", "..", "a..b", "a\nb", "a\rb", "a\0b", "a\u001bb", "a\u007fb"])
      expect(fileNameProblem(bad), JSON.stringify(bad)).toBeDefined();
    for (const batch of ["a%PATH%", "a!x!", "a^b", 'a"b']) {
      expect(fileNameProblem(batch)).toBeUndefined();
      expect(fileNameProblem(batch, { windows: true })).toMatch(/batch/);
    }
  });

  it("reads tagFormat the way resume and plan do", () => {
    expect(renderTagFormat("v${version}", SAMPLE_VERSION)).toEqual({ tag: "v1.2.3-rc.1+build.5" });
    expect(renderTagFormat("v<%= version %>", "1.0.0").problem).toBeDefined();
    expect(renderTagFormat("${version}-${version}", "1.0.0").problem).toBeDefined();
    expect(renderTagFormat("${version}-${branch.name}", "1.0.0").problem).toBeDefined();
  });

  it("knows every release channel of the branches", () => {
    const ctx = testContext("/x", {
      options: {
        branches: ["main", "next", { name: "beta", prerelease: true }, { name: "alpha", channel: false }],
      },
    });
    expect(releaseChannels(ctx)).toEqual(["next", "beta"]);
    const normalized = { ...ctx, branches: [{ name: "main" }, { name: "feat/x", channel: "feat/x" }] };
    expect(releaseChannels(normalized)).toEqual(["feat/x"]);
  });
});

describe("archive checks of the binaries plugin", () => {
  it("pass for the defaults on every target", () => {
    const { config } = binariesConfig({});
    expect(archiveConfigErrors(config, names())).toEqual([]);
  });

  it.each([
    ["{name}-{arch}", /unknown placeholder \{arch\}/],
    ["{name}-{version", /unbalanced braces/],
    ["{name}/{version}", /path separator/],
    ["{name}-v{version}\nffff  evil", /line break/],
    ["{name}\u0007", /control character/],
    ["{name}..{target}", /`\.\.`/],
  ])("refuse archiveName %j", (archiveName, reason) => {
    const { config } = binariesConfig({ archiveName });
    const errors = archiveConfigErrors(config, names());
    expect(codesOf(errors)).toEqual(["EARCHIVENAME"]);
    expect(errors[0]?.message).toMatch(reason);
    expect(errors[0]?.message).not.toContain("\n");
  });

  it("refuse a name with batch characters only for Windows targets, and say which target", () => {
    const { config } = binariesConfig({ name: "rg%PATH%" });
    expect(archiveConfigErrors(config, names({ name: "rg%PATH%", targets: [HOST] }))).toEqual([]);
    const errors = archiveConfigErrors(config, names({ name: "rg%PATH%" }));
    expect(codesOf(errors)).toEqual(["EARCHIVENAME"]);
    expect((errors[0] as { details?: string }).details).toContain(WINDOWS);
  });

  it("refuse a bad name option, and binary names with line breaks or batch characters", () => {
    expect(binariesConfig({ name: "a\nb" }).problems.map((p) => p.name)).toEqual(["name"]);
    expect(binariesConfig({ name: "../x" }).problems.map((p) => p.name)).toEqual(["name"]);
    const { config } = binariesConfig({});
    expect(codesOf(archiveConfigErrors(config, names({ bins: ["ok", "a\nb", "c!d"] })))).toEqual([
      "EBINARYNAME",
      "EBINARYNAME",
    ]);
    expect(archiveConfigErrors(config, names({ bins: ["c!d"], targets: [HOST] }))).toEqual([]);
  });

  it("check the compression level against each target's format, from the one LEVELS table", () => {
    const level = (compressionLevel: number, o: Record<string, unknown> = {}) =>
      codesOf(archiveConfigErrors(binariesConfig({ compressionLevel, ...o }).config, names()));
    expect(level(9)).toEqual([]);
    expect(level(15)).toEqual(["ECOMPRESSIONLEVEL", "ECOMPRESSIONLEVEL"]); // tar.gz and zip
    expect(level(15, { archiveFormat: "tar.zst" })).toEqual([]);
    expect(level(0, { archiveFormat: "tar.zst" })).toEqual(["ECOMPRESSIONLEVEL"]);
    const max = Math.max(...Object.values(LEVELS).map((l) => l.max));
    expect(resolveOptions(archivesOptions, { compressionLevel: max }).problems).toEqual([]);
    expect(resolveOptions(archivesOptions, { compressionLevel: max + 1 }).problems).toHaveLength(1);
  });

  it("keep the run-time renderer as strict as verify", () => {
    const vars = { name: "rgreet", version: "1.0.0", target: WINDOWS };
    expect(() => renderArchiveName("{name}\n{version}", vars)).toThrow(/line break/);
    expect(() => renderArchiveName("{name}!{version}", vars)).toThrow(/batch/);
    expect(renderArchiveName("{name}!{version}", { ...vars, target: HOST })).toBe("rgreet!1.0.0");
  });
});

describe("docker checks", () => {
  const check = (o: Record<string, unknown>, extra = {}) => {
    const ctx = testContext("/x", extra);
    return dockerConfigErrors(loadDockerConfig({ images: ["ghcr.io/acme/rgreet"], ...o }, ctx), ctx);
  };

  it("pass for the defaults", () => {
    expect(check({})).toEqual([]);
    expect(check({ binDir: "/opt/rgreet/bin", user: "nonroot" })).toEqual([]);
    expect(check({ user: 1000 })).toEqual([]);
    expect(check({ user: "1000:1000" })).toEqual([]);
  });

  it.each(["../../x", "usr/bin", "/usr/../bin", "/usr/./bin", "/usr//bin", "/usr/bin/", "/", "/a b", "/a:b"])(
    "refuse binDir %j",
    (binDir) => expect(codesOf(check({ binDir }))).toEqual(["EINVALIDBINDIR"]),
  );

  it.each(["root;id", "Root", "1000:", ":1000", "a b", "$(id)", "1000:root", -1])("refuse user %j", (user) =>
    expect(codesOf(check({ user }))).toEqual(["EINVALIDUSER"]),
  );

  it("render every tag template for the sample version on the main channel and every channel", () => {
    expect(codesOf(check({ tags: ["{version}", "{os}"] }))).toEqual(["EDOCKERTAG"]);
    expect(codesOf(check({ tags: ["{channel}"] }))).toEqual(["EDOCKERTAG"]); // empty on the main channel
    const branches = { options: { branches: ["main", { name: "feat/x", prerelease: true }] } };
    const errors = check({}, branches);
    expect(codesOf(errors)).toEqual(["EDOCKERTAG"]);
    expect(errors[0]?.message).toContain('"feat/x"');
  });

  it("refuse build args with unknown {word} placeholders, leaving other braces alone", () => {
    expect(check({ buildArgs: { A: "{version}-{revision}", J: '{"a": 1}', S: "${HOME}" } })).toEqual([]);
    expect(codesOf(check({ buildArgs: { A: "{sha}" } }))).toEqual(["EDOCKERBUILDARG"]);
  });

  it("refuse image names that are no valid reference", () => {
    expect(codesOf(check({ images: ["ghcr..io/acme/rgreet"] }))).toEqual(["EDOCKERIMAGENAME"]);
    expect(codesOf(check({ images: ["ghcr.io:port/acme/rgreet"] }))).toEqual(["EDOCKERIMAGENAME"]);
    expect(codesOf(check({ images: ["Acme/rgreet"] }))).toEqual(["EDOCKERIMAGENAME"]);
  });
});

describe("GitHub asset templates", () => {
  const check = (o: Record<string, unknown>, extra = {}) =>
    codesOf(assetTemplateErrors(resolveOptions(githubOptions, o).config, testContext("/x", extra)));

  it("pass for known placeholders", () => {
    expect(check({ assetLabel: "{name} for {target} ({kind})" })).toEqual([]);
    expect(
      check({ assets: [{ path: "LICENSE", name: "LICENSE-{version}.txt", label: "{gitTag}" }] }),
    ).toEqual([]);
  });

  it("refuse unknown placeholders, names that are no file name and labels of several lines", () => {
    expect(check({ assetLabel: "{arch}" })).toEqual(["EASSETTEMPLATE"]);
    expect(check({ assets: [{ path: "x", name: "{target}.txt" }] })).toEqual(["EASSETTEMPLATE"]);
    expect(check({ assets: [{ path: "x", name: "{gitTag}/{name}" }] })).toEqual(["EASSETTEMPLATE"]);
    expect(check({ assets: [{ path: "x", name: "{channel}" }] })).toEqual(["EASSETTEMPLATE"]);
    expect(check({ assets: [{ path: "x", label: "a\n{name}" }] })).toEqual(["EASSETTEMPLATE"]);
    const tagFormat = { options: { tagFormat: "release/${version}" } };
    expect(check({ assets: [{ path: "x", name: "{gitTag}.txt" }] }, tagFormat)).toEqual(["EASSETTEMPLATE"]);
  });
});

describe("tagFormat", () => {
  const check = async (tagFormat?: string) =>
    codesOf(await tagFormatErrors(testContext("/", tagFormat ? { options: { tagFormat } } : {}), "/"));

  it("must give a valid git tag that our tooling can read back", async () => {
    expect(await check()).toEqual([]);
    expect(await check("rgreet-${version}")).toEqual([]);
    for (const bad of [
      "v${version}.lock",
      "v${version}..x",
      "v<%= version %>",
      "x",
      "v${version}\n",
      "@{${version}",
    ])
      expect(await check(bad), bad).toEqual(["ETAGFORMAT"]);
  });
});

describe("semantic-release-rust plan", () => {
  it("exits 2 on config errors, naming every problem of every plugin", async () => {
    const cwd = await examplesCopy();
    dirs.push(cwd);
    const releaserc = {
      tagFormat: "v<%= version %>",
      plugins: [
        "semantic-release-rust",
        [
          "semantic-release-rust/binaries",
          { targets: [HOST], archiveName: "{name}/{version}", compressionLevel: 15 },
        ],
        [
          "semantic-release-rust/docker",
          { images: ["ghcr.io/acme/rgreet"], binDir: "../../x", user: "root;id" },
        ],
      ],
    };
    await writeFile(join(cwd, ".releaserc.json"), JSON.stringify(releaserc));
    const [stdout, stderr] = [captureStream(), captureStream()];
    const code = await planCommand.run(["--cwd", cwd, "--version", "1.0.0"], {
      stdout,
      stderr,
      env: process.env,
      cwd,
    });
    expect(code).toBe(2);
    const codes = stderr
      .text()
      .split("\n")
      .filter(Boolean)
      .map((l) => l.split(" ")[1]);
    expect(codes.sort()).toEqual([
      "EARCHIVENAME",
      "ECOMPRESSIONLEVEL",
      "EINVALIDBINDIR",
      "EINVALIDUSER",
      "ETAGFORMAT",
    ]);
  });
});
