import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { cargoErrors } from "../../src/errors/cargo.js";
import { getError } from "../../src/errors/get-error.js";
import { SemanticReleaseError } from "../../src/errors/semantic-release-error.js";

type Code = keyof typeof cargoErrors;

/** Each code of the Cargo plugin with sample arguments and the advice its details must give. */
const cases: { [C in Code]: [Parameters<(typeof cargoErrors)[C]>[0], string] } = {
  ENOCARGO: [{ error: "spawn cargo ENOENT" }, "Install Rust"],
  ENOMANIFEST: [{ path: "/repo/Cargo.toml" }, "set the [`manifestPath`]"],
  ECARGOMETADATA: [
    { path: "/repo/Cargo.toml", stderr: "error: failed to parse manifest\n\nCaused by:\n  bad" },
    "fix the manifest",
  ],
  EUNKNOWNPACKAGE: [
    { names: ["ghost"], known: ["rgreet", "rgreet-core"] },
    "Members: `rgreet`, `rgreet-core`",
  ],
  ENORELEASEPACKAGES: [undefined, "List the packages to release"],
  ENOVERSION: [{ name: "core", path: "/repo/core/Cargo.toml" }, 'must set `version = "x.y.z"`'],
  EINCONSISTENTVERSIONS: [
    {
      versions: [
        { name: "a", version: "0.1.0" },
        { name: "b", version: "0.2.0" },
      ],
    },
    "npx semantic-release-rust set-version <version>",
  ],
  EVERSIONMISMATCH: [
    { files: ["Cargo.toml"], cargoVersion: "0.1.0", lastVersion: "0.3.0", gitTag: "v0.3.0" },
    "npx semantic-release-rust set-version 0.3.0",
  ],
  EVERSIONNOTGREATER: [{ nextVersion: "0.1.0", cargoVersion: "0.1.0" }, "A release must raise it"],
  ENOCHANGELOG: [{ path: "CHANGELOG.md" }, "Create the file, list the changelog plugin first"],
  ECHANGELOGENTRY: [{ path: "CHANGELOG.md", version: "1.2.0" }, "List `@semantic-release/changelog` before"],
  EINVALIDVERSION: [{ version: "v1.2" }, "without a `v`"],
  EREQUIREMENTEXCLUDES: [
    {
      version: "0.3.0",
      requirements: [{ file: "cli/Cargo.toml", location: "dependencies.core", requirement: ">=0.1, <0.3" }],
    },
    "Change them to a simple requirement",
  ],
  EMANIFESTEDIT: [{ path: "Cargo.lock", reason: "line 3: bad" }, "Nothing was written"],
  EPACKAGENAME: [{ name: "a\nb", reason: "it contains a line break" }, "Rename the package"],
  ETAGFORMAT: [
    { tagFormat: "v${version}..", reason: "`git check-ref-format` refuses it", tag: "v1.2.3-rc.1+build.5.." },
    "Nothing was committed or tagged",
  ],
  EBUMPINTERRUPTED: [
    {
      journal: "/repo/.git/.semantic-release-rust-bump.json",
      files: ["Cargo.toml", "Cargo.lock"],
      repair: "semantic-release-rust set-version 0.2.0",
    },
    "Run `npx semantic-release-rust set-version 0.2.0`",
  ],
  EBUMPJOURNAL: [
    { journal: "/repo/.git/.semantic-release-rust-bump.json", path: "/repo/Cargo.lock", reason: "is gone" },
    "Restore the manifests and `Cargo.lock` from git",
  ],
};

const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
const anchors = new Set(
  [...readme.matchAll(/^#+ (.+)$/gm)].map((m) =>
    (m[1] as string)
      .toLowerCase()
      .replace(/[^\w\- ]/g, "")
      .replace(/ /g, "-"),
  ),
);

describe("the Cargo plugin's error codes", () => {
  it("are all listed here", () => {
    expect(Object.keys(cases).sort()).toEqual(Object.keys(cargoErrors).sort());
  });

  it.each(Object.entries(cases))(
    "%s is a SemanticReleaseError with a one-line message and details saying what to do",
    (code, [args, advice]) => {
      const error = getError(code as Code, (args ?? {}) as never);
      expect(error).toBeInstanceOf(SemanticReleaseError);
      expect(error.code).toBe(code);
      expect(error.semanticRelease).toBe(true);
      expect(error.message).not.toContain("\n");
      expect(error.message).not.toContain("undefined");
      expect(error.details).toContain(advice);
      expect(error.details).not.toContain("undefined");
      for (const [, anchor] of (error.details ?? "").matchAll(/README\.md#([\w-]+)/g))
        expect(anchors).toContain(anchor);
    },
  );
});
