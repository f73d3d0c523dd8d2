import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { prepare, verifyConditions, verifyRelease } from "../../src/index.js";
import { errorCodes, rejection, testContext } from "../helpers/context.js";
import { examplesCopy, treeHashes, writeTree } from "../helpers/fixtures.js";

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});
const track = (d: string) => (dirs.push(d), d);
const literalMember = (name: string, version: string) => ({
  [`${name}/Cargo.toml`]: `[package]\nname = "${name}"\nversion = "${version}"\nedition = "2021"\n`,
  [`${name}/src/lib.rs`]: "",
});
/** A root package `app` 1.0.0 with a member `helper` 0.3.0 it depends on by path and version. */
const rootPackageWorkspace = {
  "Cargo.toml":
    '[package]\nname = "app"\nversion = "1.0.0"\nedition = "2021"\n\n[workspace]\nmembers = ["helper"]\n\n' +
    '[dependencies]\nhelper = { path = "helper", version = "0.3.0" }\n',
  "src/main.rs": "fn main() {}\n",
  ...literalMember("helper", "0.3.0"),
};
const release = (version: string) => ({ version, gitTag: `v${version}`, gitHead: "HEAD", notes: "" });

describe("verifyConditions", () => {
  it("logs cargo's version and the release packages, and changes nothing", async () => {
    const cwd = track(await examplesCopy());
    const before = await treeHashes(cwd);
    const ctx = testContext(cwd);
    await verifyConditions({}, ctx);
    expect(ctx.lines.some((l) => /^Found cargo \d+\.\d+/.test(l))).toBe(true);
    expect(ctx.lines).toContain("Release packages: rgreet-core, rgreet at 0.1.0");
    expect(await treeHashes(cwd)).toEqual(before);
  });

  it("releases the root package of a workspace whose members have their own versions", async () => {
    const cwd = track(await writeTree(rootPackageWorkspace));
    const before = await treeHashes(cwd);
    const ctx = testContext(cwd);
    await verifyConditions({}, ctx);
    expect(ctx.lines).toContain("Release packages: app at 1.0.0");
    // No Cargo.lock appears, nothing else is written.
    expect(await treeHashes(cwd)).toEqual(before);
  });

  it("fails with ENORELEASEPACKAGES for a virtual workspace without inherited versions, unless packages names them", async () => {
    const cwd = track(
      await writeTree({
        "Cargo.toml": '[workspace]\nmembers = ["a", "b"]\nresolver = "2"\n',
        ...literalMember("a", "0.1.0"),
        ...literalMember("b", "0.2.0"),
      }),
    );
    expect(errorCodes(await rejection(verifyConditions({}, testContext(cwd))))).toEqual([
      "ENORELEASEPACKAGES",
    ]);
    const ctx = testContext(cwd);
    await verifyConditions({ packages: ["b"] }, ctx);
    expect(ctx.lines).toContain("Release packages: b at 0.2.0");
  });

  it("reports EINCONSISTENTVERSIONS together with a wrong option", async () => {
    const cwd = track(await examplesCopy());
    const manifest = join(cwd, "crates/rgreet/Cargo.toml");
    await writeFile(
      manifest,
      (await readFile(manifest, "utf8")).replace("version.workspace = true", 'version = "0.5.0"'),
    );
    const error = await rejection(
      verifyConditions({ packages: ["rgreet", "rgreet-core"], updateLockfile: "no" }, testContext(cwd)),
    );
    expect(error).toBeInstanceOf(AggregateError);
    expect(errorCodes(error).sort()).toEqual(["EINCONSISTENTVERSIONS", "EINVALIDUPDATELOCKFILE"]);
  });

  it("fails with EMANIFESTEDIT naming Cargo.lock when the lockfile cannot be edited (cargo metadata does not read it)", async () => {
    const cwd = track(await examplesCopy());
    await writeFile(
      join(cwd, "Cargo.lock"),
      `${await readFile(join(cwd, "Cargo.lock"), "utf8")}[[package]\n`,
    );
    const before = await treeHashes(cwd);
    const error = (await rejection(verifyConditions({}, testContext(cwd)))) as {
      code: string;
      message: string;
    };
    expect(error.code).toBe("EMANIFESTEDIT");
    expect(error.message).toMatch(/^Cannot update Cargo\.lock: line \d+: /);
    expect(await treeHashes(cwd)).toEqual(before);
  });

  it("reports every problem at once and changes nothing", async () => {
    const cwd = track(await examplesCopy());
    const before = await treeHashes(cwd);
    const error = await rejection(
      verifyConditions(
        { updateLockfile: "no", changelogFile: "CHANGELOG.md", packages: ["ghost"] },
        testContext(cwd),
      ),
    );
    expect(error).toBeInstanceOf(AggregateError);
    expect(errorCodes(error).sort()).toEqual(["EINVALIDUPDATELOCKFILE", "ENOCHANGELOG", "EUNKNOWNPACKAGE"]);
    expect(await treeHashes(cwd)).toEqual(before);
  });

  it("accepts a missing changelog when @semantic-release/changelog runs earlier", async () => {
    const cwd = track(await examplesCopy());
    const ctx = testContext(cwd, {
      options: { plugins: ["@semantic-release/changelog", "semantic-release-rust"] },
    });
    await expect(verifyConditions({ changelogFile: "CHANGELOG.md" }, ctx)).resolves.toBeUndefined();
  });

  it("fails with ENOCHANGELOG when @semantic-release/changelog runs after this plugin", async () => {
    const cwd = track(await examplesCopy());
    const later = testContext(cwd, {
      options: { plugins: ["semantic-release-rust", ["@semantic-release/changelog", {}]] },
    });
    expect(errorCodes(await rejection(verifyConditions({ changelogFile: "CHANGELOG.md" }, later)))).toEqual([
      "ENOCHANGELOG",
    ]);
    const earlier = testContext(cwd, {
      options: { plugins: [["@semantic-release/changelog", {}], "semantic-release-rust"] },
    });
    await expect(verifyConditions({ changelogFile: "CHANGELOG.md" }, earlier)).resolves.toBeUndefined();
  });

  it("fails with ENOCARGO when cargo is not on the PATH", async () => {
    const cwd = track(await examplesCopy());
    const ctx = testContext(cwd);
    ctx.env = { PATH: "/nonexistent" };
    expect(errorCodes(await rejection(verifyConditions({}, ctx)))).toEqual(["ENOCARGO"]);
  });

  it("fails with ENOMANIFEST for a wrong manifestPath and ENOVERSION for a package without version", async () => {
    const cwd = track(await examplesCopy());
    expect(
      errorCodes(await rejection(verifyConditions({ manifestPath: "nope/Cargo.toml" }, testContext(cwd)))),
    ).toEqual(["ENOMANIFEST"]);
    const manifest = join(cwd, "crates/rgreet-core/Cargo.toml");
    await writeFile(manifest, (await readFile(manifest, "utf8")).replace("version.workspace = true\n", ""));
    const error = await rejection(verifyConditions({ packages: ["rgreet-core"] }, testContext(cwd)));
    expect(errorCodes(error)).toEqual(["ENOVERSION"]);
  });
});

describe("verifyRelease", () => {
  it("passes when Cargo matches the last release and logs the plan", async () => {
    const cwd = track(await examplesCopy());
    const ctx = testContext(cwd, { lastRelease: release("0.1.0"), nextRelease: release("0.2.0") });
    await verifyRelease({}, ctx);
    expect(ctx.lines).toContain("Bump rgreet-core, rgreet from 0.1.0 to 0.2.0");
    expect(ctx.lines.some((l) => l.includes("Cargo.lock"))).toBe(true);
  });

  it("fails with EVERSIONMISMATCH naming the file and both versions", async () => {
    const cwd = track(await examplesCopy());
    const ctx = testContext(cwd, { lastRelease: release("0.3.0"), nextRelease: release("0.4.0") });
    const error = (await rejection(verifyRelease({}, ctx))) as {
      code: string;
      message: string;
      details: string;
    };
    expect(error.code).toBe("EVERSIONMISMATCH");
    expect(error.message).toContain("0.1.0");
    expect(error.message).toContain("0.3.0");
    expect(error.details).toContain("`Cargo.toml`");
  });

  it("skips the check for the placeholder version", async () => {
    const cwd = track(await examplesCopy());
    for (const f of ["Cargo.toml", "crates/rgreet/Cargo.toml", "Cargo.lock"]) {
      const p = join(cwd, f);
      await writeFile(p, (await readFile(p, "utf8")).replaceAll('"0.1.0"', '"0.0.0"'));
    }
    const ctx = testContext(cwd, { lastRelease: release("1.4.0"), nextRelease: release("1.5.0") });
    await expect(verifyRelease({ placeholderVersion: "0.0.0" }, ctx)).resolves.toBeUndefined();
    await expect(verifyRelease({}, ctx)).rejects.toMatchObject({ code: "EVERSIONMISMATCH" });
  });

  it("reports EVERSIONMISMATCH and EVERSIONNOTGREATER at once, naming a subfolder workspace's file", async () => {
    const cwd = track(
      await writeTree({
        "rust/Cargo.toml": '[package]\nname = "solo"\nversion = "0.5.0"\nedition = "2021"\n',
        "rust/src/main.rs": "fn main() {}\n",
      }),
    );
    const ctx = testContext(cwd, { lastRelease: release("0.3.0"), nextRelease: release("0.4.0") });
    const error = await rejection(verifyRelease({ manifestPath: "rust/Cargo.toml" }, ctx));
    expect(error).toBeInstanceOf(AggregateError);
    expect(errorCodes(error)).toEqual(["EVERSIONMISMATCH", "EVERSIONNOTGREATER"]);
    const mismatch = (error as AggregateError).errors[0] as { details: string };
    expect(mismatch.details).toContain("`rust/Cargo.toml`");
  });

  it("fails with EVERSIONNOTGREATER when the next version does not raise Cargo's", async () => {
    const cwd = track(await examplesCopy());
    const ctx = testContext(cwd, { nextRelease: release("0.1.0") });
    await expect(verifyRelease({}, ctx)).rejects.toMatchObject({ code: "EVERSIONNOTGREATER" });
  });
});

describe("prepare", () => {
  it("bumps a single-package crate in a subfolder with CRLF, comments and no final newline", async () => {
    const manifest =
      '[package]\r\nname = "solo"\r\nversion = "1.0.0" # released by CI\r\nedition = "2021"\r\n\r\n[dependencies]';
    const cwd = track(await writeTree({ "rust/Cargo.toml": manifest, "rust/src/main.rs": "fn main() {}\n" }));
    const ctx = testContext(cwd, { lastRelease: release("1.0.0"), nextRelease: release("1.1.0") });
    await verifyRelease({ manifestPath: "rust/Cargo.toml" }, ctx);
    await prepare({ manifestPath: "rust/Cargo.toml" }, ctx);
    expect(await readFile(join(cwd, "rust/Cargo.toml"), "utf8")).toBe(manifest.replace("1.0.0", "1.1.0"));
    expect(ctx.lines).toContain("Cargo reports solo at 1.1.0");
  });

  it("bumps the root package only, and keeps Cargo.lock as it is with updateLockfile: false", async () => {
    const cwd = track(await writeTree(rootPackageWorkspace));
    const lock = '# test lock\nversion = 4\n\n[[package]]\nname = "app"\nversion = "1.0.0"\n';
    await writeFile(join(cwd, "Cargo.lock"), lock);
    const helper = await readFile(join(cwd, "helper/Cargo.toml"), "utf8");
    const ctx = testContext(cwd, { lastRelease: release("1.0.0"), nextRelease: release("1.1.0") });
    await prepare({ updateLockfile: false }, ctx);
    expect(await readFile(join(cwd, "Cargo.toml"), "utf8")).toBe(
      rootPackageWorkspace["Cargo.toml"].replace('version = "1.0.0"', 'version = "1.1.0"'),
    );
    expect(await readFile(join(cwd, "helper/Cargo.toml"), "utf8")).toBe(helper);
    expect(await readFile(join(cwd, "Cargo.lock"), "utf8")).toBe(lock);
    expect(ctx.lines).toContain("Cargo reports app at 1.1.0");
  });

  it("fails with ECHANGELOGENTRY when the changelog lacks the new version", async () => {
    const cwd = track(await examplesCopy());
    await writeFile(join(cwd, "CHANGELOG.md"), "# Changelog\n\n## 0.1.0\n");
    const ctx = testContext(cwd, { nextRelease: release("0.2.0") });
    await expect(prepare({ changelogFile: "CHANGELOG.md" }, ctx)).rejects.toMatchObject({
      code: "ECHANGELOGENTRY",
    });
    await writeFile(join(cwd, "CHANGELOG.md"), "# Changelog\n\n## [0.2.0](x) (2026-11-21)\n\n## 0.1.0\n");
    await expect(prepare({ changelogFile: "CHANGELOG.md" }, ctx)).resolves.toBeUndefined();
    // An absolute path is read as is, in verifyConditions and prepare.
    const absolute = join(cwd, "CHANGELOG.md");
    await expect(verifyConditions({ changelogFile: absolute }, ctx)).resolves.toBeUndefined();
    await expect(prepare({ changelogFile: absolute }, ctx)).resolves.toBeUndefined();
  });
});
