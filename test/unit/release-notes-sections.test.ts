import { describe, expect, it } from "vitest";
import { loadBinariesConfig } from "../../src/binaries/config.js";
import { notesDataOf, renderNotesSections } from "../../src/binaries/notes-sections.js";
import { formatOfFile } from "../../src/binaries/archive-settings.js";
import { renderTree } from "../../src/binaries/notes-tree.js";
import { withNotesSections, SECTIONS_START } from "../../src/github/release-fields.js";
import type { DistManifest } from "../../src/manifest/dist-manifest.js";
import { renderSummary } from "../../src/summary/render-summary.js";
import { lastOfOurs } from "../../src/summary/job-summary.js";
import { errorCodes, rejection, testContext } from "../helpers/context.js";
import { verifyConditions } from "../../src/binaries/verify.js";

const sha = (c: string) => c.repeat(64);
const LINUX = "x86_64-unknown-linux-musl";
const MAC = "aarch64-apple-darwin";
const WIN = "x86_64-pc-windows-msvc";
const manifest: DistManifest = {
  schemaVersion: 1,
  version: "1.2.0",
  name: "tool",
  artifacts: [
    {
      path: `tool-v1.2.0-${LINUX}.tar.gz`,
      kind: "archive",
      target: LINUX,
      size: 2048,
      sha256: sha("a"),
      topDir: `tool-v1.2.0-${LINUX}`,
      layout: [
        "INSTALL.md",
        "bin/tool",
        "demo/README.md",
        "demo/quick/run.sh",
        "target/release/tool",
        "tool",
      ],
    },
    { path: `tool-v1.2.0-${MAC}.tar.gz`, kind: "archive", target: MAC, size: 2048, sha256: sha("b") },
    { path: `tool-v1.2.0-${WIN}.zip`, kind: "archive", target: WIN, size: 4096, sha256: sha("c") },
    { path: "SHA256SUMS", kind: "checksums", size: 300, sha256: sha("d") },
    {
      path: `bin/${LINUX}/tool`,
      kind: "binary",
      target: LINUX,
      binary: "tool",
      size: 9,
      sha256: sha("e"),
      requires: "static",
    },
    {
      path: `bin/${MAC}/tool`,
      kind: "binary",
      target: MAC,
      binary: "tool",
      size: 9,
      sha256: sha("f"),
      requires: "macOS >= 11.0 (arm64)",
    },
    {
      path: `bin/${WIN}/tool.exe`,
      kind: "binary",
      target: WIN,
      binary: "tool",
      size: 9,
      sha256: sha("0"),
      requires: "Windows x64",
    },
  ],
  images: [
    {
      name: "ghcr.io/acme/tool",
      tags: ["1.2.0", "latest"],
      digest: `sha256:${sha("1")}`,
      platforms: [{ platform: "linux/amd64", size: 5000 }],
    },
  ],
  crates: [{ name: "tool", version: "1.2.0", url: "https://crates.io/crates/tool/1.2.0" }],
};
const base = "https://github.com/acme/tool/releases/download/v1.2.0";
const data = notesDataOf(manifest, { gitTag: "v1.2.0", downloadBase: base, formatOf: formatOfFile });

describe("release notes sections", () => {
  it("gives every platform a direct link and its own steps: curl/wget in sh, PowerShell on Windows", () => {
    const notes = renderNotesSections(data, undefined);
    expect(notes).toContain(
      `| Linux x86_64 (musl) | [tool-v1.2.0-${LINUX}.tar.gz](<${base}/tool-v1.2.0-${LINUX}.tar.gz>) | 2.0 KiB |`,
    );
    expect(notes).toContain(
      `| Windows x86_64 | [tool-v1.2.0-${WIN}.zip](<${base}/tool-v1.2.0-${WIN}.zip>) | 4.0 KiB |`,
    );
    expect(notes).toContain(`wget ${base}/tool-v1.2.0-${LINUX}.tar.gz`);
    expect(notes).toContain(`shasum -a 256 -c tool-v1.2.0-${MAC}.tar.gz.sha256`);
    expect(notes).toContain(
      `Invoke-WebRequest -Uri ${base}/tool-v1.2.0-${WIN}.zip -OutFile tool-v1.2.0-${WIN}.zip`,
    );
    expect(notes).toContain(
      `(Get-FileHash .\\tool-v1.2.0-${WIN}.zip -Algorithm SHA256).Hash.ToLower() -eq (Get-Content .\\tool-v1.2.0-${WIN}.zip.sha256).Split(" ")[0]`,
    );
    expect(notes).toContain(`& .\\tool-v1.2.0-${WIN}\\bin\\tool.exe --version`);
    expect(notes).toContain("| macOS aarch64 | `aarch64-apple-darwin` | `macOS >= 11.0 (arm64)` |");
    expect(notes).toContain(
      "docker pull ghcr.io/acme/tool:latest\ndocker run --rm ghcr.io/acme/tool:1.2.0 --version",
    );
    expect(notes).toContain("- [tool 1.2.0](https://crates.io/crates/tool/1.2.0)");
    expect(notes).toContain(`cd tool-v1.2.0-${LINUX}\n./demo/quick/run.sh`);
    expect(notes).toContain("More in `demo/README.md` inside the archive.");
    const order = [
      "## Install",
      "## Verify",
      "## Binaries",
      "## System requirements",
      "## Archive layout",
      "## Quick start",
      "## Docker",
      "## Crates",
    ];
    expect(order.map((h) => notes.indexOf(h))).toEqual(
      order.map((h) => notes.indexOf(h)).sort((a, b) => a - b),
    );
  });

  it("keeps only the chosen sections, in the chosen order, or fills a template", () => {
    const { config } = loadBinariesConfig({ notes: ["docker", "install"] });
    const chosen = renderNotesSections(data, config.notes);
    expect(chosen.startsWith("## Docker")).toBe(true);
    expect(chosen).toContain("## Install");
    expect(chosen).not.toContain("## Crates");
    expect(loadBinariesConfig({ notes: ["install", "nope"] }).errors.map((e) => e.code)).toEqual([
      "EINVALIDNOTES",
    ]);
    const filled = renderNotesSections(data, { templateText: "# {gitTag}\n\n{crates}\n\n{unknown}\n" });
    expect(filled).toBe(
      "# v1.2.0\n\n## Crates\n\n- [tool 1.2.0](https://crates.io/crates/tool/1.2.0)\n\n{unknown}\n",
    );
  });

  it("reports a template file that cannot be read in verifyConditions (ENOTESTEMPLATE)", async () => {
    const error = await rejection(
      verifyConditions({ notes: "no/such/template.md" }, testContext("/nonexistent")),
    );
    expect(errorCodes(error)).toContain("ENOTESTEMPLATE");
  });

  it("draws the layout as a tree, folders first", () => {
    expect(renderTree("t", ["tool", "bin/tool", "target/release/tool", "README.md"])).toBe(
      [
        "t/",
        "├── bin/",
        "│   └── tool",
        "├── target/",
        "│   └── release/",
        "│       └── tool",
        "├── README.md",
        "└── tool",
      ].join("\n"),
    );
  });

  it("puts the sections into the release body between markers, once, when the manifest says so", () => {
    const release = { html_url: "https://github.com/acme/tool/releases/tag/v1.2.0", tag_name: "v1.2.0" };
    expect(withNotesSections("notes", manifest, release)).toBe("notes");
    const m = { ...manifest, notes: { inRelease: true, sections: ["crates"] } };
    const once = withNotesSections("notes", m, release);
    expect(once).toContain(`${SECTIONS_START}\n## Crates`);
    expect(withNotesSections(once, m, release)).toBe(once);
  });
});

describe("job summary", () => {
  it("renders a failure with what failed, what to do and the durations of an injected clock", () => {
    const text = renderSummary({
      outcome: "failure",
      version: "1.2.0",
      releases: [],
      manifest,
      timings: [
        { step: "build", label: LINUX, ms: 61_500 },
        { step: "package", label: LINUX, ms: 1200 },
      ],
      errors: [{ code: "EMAXSIZE", message: "bin/x is 31 MB", details: "Make it smaller." }],
    });
    expect(text).toContain("## Release of 1.2.0 failed");
    expect(text).toContain("- `EMAXSIZE`: bin/x is 31 MB");
    expect(text).toContain("Make it smaller.");
    expect(text).toContain("Done before the failure: build, package (durations below).");
    expect(text).toContain(`| build | ${LINUX} | 1 min 2 s |`);
    expect(text).toContain(`| package | ${LINUX} | 1.2 s |`);
    expect(text).toContain("- `ghcr.io/acme/tool` `sha256:1111");
  });

  it("is written by the last of our plugins listed", () => {
    const ctx = testContext("/x", {
      options: {
        plugins: [
          "semantic-release-rust",
          ["semantic-release-rust/binaries", {}],
          "@semantic-release/github",
        ],
      },
    });
    expect(lastOfOurs(ctx, "semantic-release-rust/binaries")).toBe(true);
    expect(lastOfOurs(ctx, "semantic-release-rust")).toBe(false);
  });
});
