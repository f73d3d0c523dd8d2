import { readFileSync } from "node:fs";
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import { scanToml } from "../../src/cargo/toml-scan.js";
import { decodeString } from "../../src/cargo/toml-strings.js";
import { editManifest, ManifestEditError, type ManifestBump } from "../../src/cargo/manifest-edit.js";

const foo = (version = "0.2.0"): ManifestBump => ({ dependencies: { foo: version } });
const lines = (...l: string[]) => l.join("\n") + "\n";

/** The lines that differ between two texts of the same line count, as [before, after] pairs. */
function changedLines(before: string, after: string): [string, string][] {
  const a = before.split("\n");
  const b = after.split("\n");
  expect(b.length).toBe(a.length);
  return a.flatMap((line, i) => (line === b[i] ? [] : [[line, b[i] as string] as [string, string]]));
}

interface Case {
  name: string;
  input: string;
  bump: ManifestBump;
  /** [before, after] of every line that must change; all other bytes must stay. */
  changed: [string, string][];
  locations: string[];
}

const cases: Case[] = [
  {
    name: "[package] version with a comment on its line",
    input: lines("[package]", 'name = "foo"', 'version = "0.1.0" # bumped', 'edition = "2021"'),
    bump: { packageVersion: "0.2.0", dependencies: {} },
    changed: [['version = "0.1.0" # bumped', 'version = "0.2.0" # bumped']],
    locations: ["package.version"],
  },
  {
    name: "[package] version.workspace = true is left alone",
    input: lines("[package]", 'name = "foo"', "version.workspace = true"),
    bump: { packageVersion: "0.2.0", dependencies: {} },
    changed: [],
    locations: [],
  },
  {
    name: "[workspace.package] version",
    input: lines("[workspace]", 'members = ["a"]', "", "[workspace.package]", 'version   =   "0.1.0"'),
    bump: { workspaceVersion: "0.2.0", dependencies: {} },
    changed: [['version   =   "0.1.0"', 'version   =   "0.2.0"']],
    locations: ["workspace.package.version"],
  },
  {
    name: "plain string requirement in [dependencies], others untouched",
    input: lines("[dependencies]", 'foo = "0.1.0"', 'serde = "0.1.0"'),
    bump: foo(),
    changed: [['foo = "0.1.0"', 'foo = "0.2.0"']],
    locations: ["dependencies.foo"],
  },
  {
    name: "inline table with path and version",
    input: lines("[dependencies]", 'foo = { path = "../foo", version = "0.1.0", features = ["x"] }'),
    bump: foo(),
    changed: [
      [
        'foo = { path = "../foo", version = "0.1.0", features = ["x"] }',
        'foo = { path = "../foo", version = "0.2.0", features = ["x"] }',
      ],
    ],
    locations: ["dependencies.foo"],
  },
  {
    name: "dotted keys under [dependencies]",
    input: lines("[dependencies]", 'foo.path = "../foo"', 'foo.version = "0.1.0"'),
    bump: foo(),
    changed: [['foo.version = "0.1.0"', 'foo.version = "0.2.0"']],
    locations: ["dependencies.foo"],
  },
  {
    name: "top-level dotted keys in a document without tables",
    input: lines('dependencies.foo.path = "../foo"', 'dependencies.foo.version = "0.1.0"'),
    bump: foo(),
    changed: [['dependencies.foo.version = "0.1.0"', 'dependencies.foo.version = "0.2.0"']],
    locations: ["dependencies.foo"],
  },
  {
    name: "[dependencies.foo] table",
    input: lines(
      "[dependencies.foo]",
      'path = "../foo"',
      'version = "0.1.0"',
      "",
      "[dependencies.bar]",
      'version = "0.1.0"',
    ),
    bump: foo(),
    changed: [['version = "0.1.0"', 'version = "0.2.0"']],
    locations: ["dependencies.foo"],
  },
  {
    name: "[dev-dependencies] and [build-dependencies]",
    input: lines(
      "[dev-dependencies]",
      'foo = "0.1.0"',
      "[build-dependencies]",
      'foo = { version = "0.1.0" }',
    ),
    bump: foo(),
    changed: [
      ['foo = "0.1.0"', 'foo = "0.2.0"'],
      ['foo = { version = "0.1.0" }', 'foo = { version = "0.2.0" }'],
    ],
    locations: ["dev-dependencies.foo", "build-dependencies.foo"],
  },
  {
    name: "target tables: 'cfg', \"cfg\", triples, dev/build variants, [target.x.dependencies.foo]",
    input: lines(
      "[target.'cfg(unix)'.dependencies]",
      'foo = "0.1.0"',
      '[target."cfg(windows)".dev-dependencies]',
      'foo = { path = "../foo", version = "0.1.1" }',
      "[target.x86_64-pc-windows-gnu.build-dependencies]",
      'foo = "=0.1.2"',
      "[target.'cfg(target_os = \"linux\")'.dependencies.foo]",
      'version = "^0.1.3"',
    ),
    bump: foo(),
    changed: [
      ['foo = "0.1.0"', 'foo = "0.2.0"'],
      ['foo = { path = "../foo", version = "0.1.1" }', 'foo = { path = "../foo", version = "0.2.0" }'],
      ['foo = "=0.1.2"', 'foo = "=0.2.0"'],
      ['version = "^0.1.3"', 'version = "^0.2.0"'],
    ],
    locations: [
      "target.'cfg(unix)'.dependencies.foo",
      "target.'cfg(windows)'.dev-dependencies.foo",
      "target.x86_64-pc-windows-gnu.build-dependencies.foo",
      "target.'cfg(target_os = \"linux\")'.dependencies.foo",
    ],
  },
  {
    name: "[workspace.dependencies]",
    input: lines("[workspace.dependencies]", 'foo = { path = "crates/foo", version = "0.1.0" }', 'bar = "1"'),
    bump: foo(),
    changed: [
      [
        'foo = { path = "crates/foo", version = "0.1.0" }',
        'foo = { path = "crates/foo", version = "0.2.0" }',
      ],
    ],
    locations: ["workspace.dependencies.foo"],
  },
  {
    name: "renamed dependencies match on the real crate name",
    input: lines(
      "[dependencies]",
      'bar = { package = "foo", version = "0.1.0" }',
      'foo = { package = "other", version = "0.1.0" }',
      "[dev-dependencies.baz]",
      'package = "foo"',
      'version = "0.1.0"',
    ),
    bump: foo(),
    changed: [
      ['bar = { package = "foo", version = "0.1.0" }', 'bar = { package = "foo", version = "0.2.0" }'],
      ['version = "0.1.0"', 'version = "0.2.0"'],
    ],
    locations: ["dependencies.bar", "dev-dependencies.baz"],
  },
  {
    name: "workspace = true and path-only dependencies are left alone",
    input: lines(
      "[dependencies]",
      "foo = { workspace = true }",
      "[dev-dependencies]",
      'foo = { path = "../foo" }',
    ),
    bump: foo(),
    changed: [],
    locations: [],
  },
  {
    name: "quoted keys and spaces around dots",
    input: lines(
      '[ dependencies . "foo" ]',
      'version = "0.1.0"',
      "[dev-dependencies]",
      "'foo' . version = \"0.1.0\"",
    ),
    bump: foo(),
    changed: [
      ['version = "0.1.0"', 'version = "0.2.0"'],
      ["'foo' . version = \"0.1.0\"", "'foo' . version = \"0.2.0\""],
    ],
    locations: ["dependencies.foo", "dev-dependencies.foo"],
  },
  {
    name: "literal strings keep their single quotes",
    input: lines("[package]", "version = '0.1.0'", "[dependencies]", "foo = { version = '~0.1' }"),
    bump: { packageVersion: "0.2.0", dependencies: { foo: "0.2.0" } },
    changed: [
      ["version = '0.1.0'", "version = '0.2.0'"],
      ["foo = { version = '~0.1' }", "foo = { version = '~0.2.0' }"],
    ],
    locations: ["package.version", "dependencies.foo"],
  },
  {
    name: "a multi-line string value",
    input: lines("[package]", 'version = """', '0.1.0"""'),
    bump: { packageVersion: "0.2.0", dependencies: {} },
    changed: [['0.1.0"""', '0.2.0"""']],
    locations: ["package.version"],
  },
  {
    name: "prerelease versions",
    input: lines("[package]", 'version = "1.0.0-beta.1"', "[dependencies]", 'foo = "=1.0.0-beta.1"'),
    bump: { packageVersion: "1.0.0-beta.2", dependencies: { foo: "1.0.0-beta.2" } },
    changed: [
      ['version = "1.0.0-beta.1"', 'version = "1.0.0-beta.2"'],
      ['foo = "=1.0.0-beta.1"', 'foo = "=1.0.0-beta.2"'],
    ],
    locations: ["package.version", "dependencies.foo"],
  },
  {
    name: "build metadata stays in the package version, not in requirements",
    input: lines("[package]", 'version = "0.1.0"', "[dependencies]", 'foo = "0.1.0"'),
    bump: { packageVersion: "0.2.0+build.7", dependencies: { foo: "0.2.0+build.7" } },
    changed: [
      ['version = "0.1.0"', 'version = "0.2.0+build.7"'],
      ['foo = "0.1.0"', 'foo = "0.2.0"'],
    ],
    locations: ["package.version", "dependencies.foo"],
  },
];

describe("editManifest: shapes", () => {
  it.each(cases)("$name", ({ input, bump, changed, locations }) => {
    const result = editManifest(input, bump);
    expect(changedLines(input, result.text)).toEqual(changed);
    expect(result.changes.map((c) => c.location)).toEqual(locations);
    if (changed.length === 0) expect(result.text).toBe(input);
  });
});

describe("editManifest: requirements keep the user's operator", () => {
  const ops: [string, string][] = [
    ["0.1.0", "0.2.0"],
    ["0.1", "0.2.0"],
    ["0", "0.2.0"],
    ["=0.1.0", "=0.2.0"],
    ["= 0.1.0", "= 0.2.0"],
    ["^0.1.0", "^0.2.0"],
    ["~0.1", "~0.2.0"],
    [">=0.1.0", ">=0.2.0"],
    [">= 0.1", ">= 0.2.0"],
  ];
  it.each(ops)("%s -> %s", (from, to) => {
    const input = lines("[dependencies]", `foo = "${from}"`);
    const result = editManifest(input, foo());
    expect(result.text).toBe(lines("[dependencies]", `foo = "${to}"`));
    expect(result.changes).toEqual([{ location: "dependencies.foo", from, to }]);
  });

  it.each([">=0.1, <0.3", "*", "0.1.*", "<0.3", "<=0.1.0", ">0.1.0"])("%s is left unchanged", (req) => {
    const input = lines("[dependencies]", `foo = "${req}"`);
    const result = editManifest(input, foo());
    expect(result.text).toBe(input);
    expect(result.changes).toEqual([]);
    expect(result.skipped).toEqual([{ location: "dependencies.foo", requirement: req }]);
  });
});

describe("editManifest: bytes around the edits", () => {
  const doc = lines(
    "[package]",
    'version = "0.1.0" # keep',
    "",
    "[dependencies]",
    'foo = { version = "0.1.0" }',
  );
  const want = lines(
    "[package]",
    'version = "0.2.0" # keep',
    "",
    "[dependencies]",
    'foo = { version = "0.2.0" }',
  );
  const bump: ManifestBump = { packageVersion: "0.2.0", dependencies: { foo: "0.2.0" } };

  it("keeps CRLF line endings", () => {
    const crlf = (s: string) => s.replace(/\n/g, "\r\n");
    expect(editManifest(crlf(doc), bump).text).toBe(crlf(want));
  });

  it("keeps a missing final newline", () => {
    expect(editManifest(doc.trimEnd(), bump).text).toBe(want.trimEnd());
  });

  it("keeps a byte order mark", () => {
    expect(editManifest(`\uFEFF${doc}`, bump).text).toBe(`\uFEFF${want}`);
  });

  it("returns the identical string for a no-op bump", () => {
    const result = editManifest(want, bump);
    expect(result.text).toBe(want);
    expect(result.changes).toEqual([]);
  });

  it("reports from and to in document order", () => {
    expect(editManifest(doc, bump).changes).toEqual([
      { location: "package.version", from: "0.1.0", to: "0.2.0" },
      { location: "dependencies.foo", from: "0.1.0", to: "0.2.0" },
    ]);
  });
});

describe("editManifest: the scanner is not fooled", () => {
  const tricky = lines(
    '# [dependencies] foo = "0.1.0" in a comment',
    "[package]",
    'name = "foo-app"',
    'version = "0.1.0"',
    'description = """',
    "A tool. [dependencies]",
    'foo = "0.1.0" and an escaped \\""" quote',
    '"""',
    "notes = '''",
    "version = \"0.1.0\" '' inside'''",
    'keywords = ["a]b", \'c#d\', "e\\"]", ["nested", "]"]]',
    'quoted = "say \\"version = 0.1.0\\" # not a comment"',
    "released = 1979-05-27 07:32:00Z # a date-time with a space",
    "",
    "[[bin]]",
    'name = "one"',
    'path = "src/one.rs"',
    "",
    "[[bin]]",
    'name = "two"',
    "",
    "[features]",
    'default = ["a"]',
    "extra = { default = [\"a\", 'b]'] }",
    "",
    "[dependencies]",
    'foo = { version = "0.1.0", features = [',
    '  "x", # a comment with a " quote',
    '  "y",',
    "] }",
  );

  it("changes only the real version values", () => {
    const result = editManifest(tricky, { packageVersion: "0.2.0", dependencies: { foo: "0.2.0" } });
    expect(changedLines(tricky, result.text)).toEqual([
      ['version = "0.1.0"', 'version = "0.2.0"'],
      ['foo = { version = "0.1.0", features = [', 'foo = { version = "0.2.0", features = ['],
    ]);
    expect(result.changes.map((c) => c.location)).toEqual(["package.version", "dependencies.foo"]);
  });

  const examples = ["Cargo.toml", "crates/rgreet/Cargo.toml", "Cargo.lock"].map((p) =>
    readFileSync(new URL(`../../examples/${p}`, import.meta.url), "utf8"),
  );
  it.each([tricky, tricky.replace(/\n/g, "\r\n"), ...examples])(
    "finds every string smol-toml reads (%#)",
    (doc) => {
      const want = new Map<string, string>();
      const walk = (node: unknown, path: (string | number)[]): void => {
        if (typeof node === "string") want.set(JSON.stringify(path), node.replace(/\r\n/g, "\n"));
        else if (Array.isArray(node)) node.forEach((v, i) => walk(v, [...path, i]));
        else if (node && typeof node === "object" && !(node instanceof Date))
          for (const [k, v] of Object.entries(node)) walk(v, [...path, k]);
      };
      walk(parse(doc), []);
      const got = scanToml(doc).strings.map((s) => [
        JSON.stringify(s.path),
        decodeString(doc.slice(s.start, s.end), s.kind).replace(/\r\n/g, "\n"),
      ]);
      expect(new Map(got as [string, string][])).toEqual(want);
      expect(got.length).toBe(want.size);
    },
  );
});

describe("editManifest: errors", () => {
  it("rejects a manifest that does not parse, with the line and smol-toml's reason", () => {
    const broken = lines("[package]", 'name = "foo"', 'version = "0.1.0', "[dependencies]");
    expect(() => editManifest(broken, foo())).toThrow(ManifestEditError);
    expect(() => editManifest(broken, foo())).toThrow(/^line 3: \S/);
  });

  it("rejects a version that is not SemVer", () => {
    const input = lines("[dependencies]", 'foo = "0.1.0"');
    expect(() => editManifest(input, foo("v0.2"))).toThrow(ManifestEditError);
    expect(() => editManifest(input, foo('0.2.0"'))).toThrow(/not a valid semantic version/);
  });
});

describe("editManifest + the examples workspace", () => {
  const read = (p: string) => readFileSync(new URL(`../../examples/${p}`, import.meta.url), "utf8");

  it("bumps the root and member manifests to 0.2.0, changing only the version strings", () => {
    const bump: ManifestBump = { workspaceVersion: "0.2.0", dependencies: { "rgreet-core": "0.2.0" } };
    const root = read("Cargo.toml");
    const rootResult = editManifest(root, bump);
    const rootChanged = changedLines(root, rootResult.text);
    expect(rootChanged).toHaveLength(2);
    for (const [before, after] of rootChanged) expect(after).toBe(before.replace('"0.1.0"', '"0.2.0"'));
    expect(rootResult.changes.map((c) => c.location)).toEqual([
      "workspace.package.version",
      "workspace.dependencies.rgreet-core",
    ]);

    const member = read("crates/rgreet/Cargo.toml");
    const memberResult = editManifest(member, { packageVersion: "0.2.0", ...bump });
    const memberChanged = changedLines(member, memberResult.text);
    expect(memberChanged).toHaveLength(1);
    expect(memberChanged[0]?.[0]).toMatch(/^rgreet-core = /);
    expect(memberChanged[0]?.[1]).toBe(memberChanged[0]?.[0].replace('"0.1.0"', '"0.2.0"'));
  });
});
