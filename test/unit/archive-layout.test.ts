import { describe, expect, it } from "vitest";
import {
  defaultFormat,
  planArchiveLayout,
  renderArchiveName,
  type LayoutInput,
} from "../../src/binaries/archive-layout.js";
import { normalizeEntries } from "../../src/binaries/archive-paths.js";

const input = (over: Partial<LayoutInput> = {}): LayoutInput => ({
  name: "rgreet",
  version: "1.2.3",
  target: "x86_64-unknown-linux-gnu",
  format: "tar.gz",
  archiveName: "{name}-v{version}-{target}",
  binaries: [{ name: "rgreet", path: "/build/rgreet" }],
  includes: [
    { source: "/ws/demo/run-demo.sh", dest: "demo/run-demo.sh" },
    { source: "/ws/README.md", dest: "README.md" },
  ],
  ...over,
});

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
};

describe("archive names and formats", () => {
  it("uses zip for Windows targets and tar.gz elsewhere", () => {
    expect(defaultFormat("x86_64-pc-windows-msvc")).toBe("zip");
    expect(defaultFormat("aarch64-pc-windows-gnullvm")).toBe("zip");
    expect(defaultFormat("aarch64-apple-darwin")).toBe("tar.gz");
    expect(defaultFormat("x86_64-unknown-linux-musl")).toBe("tar.gz");
  });

  it("fills the template and refuses unknown placeholders and paths", () => {
    const vars = { name: "rgreet", version: "1.2.3", target: "x86_64-unknown-linux-gnu" };
    expect(renderArchiveName("{name}-v{version}-{target}", vars)).toBe(
      "rgreet-v1.2.3-x86_64-unknown-linux-gnu",
    );
    expect(renderArchiveName("{name}_{target}", vars)).toBe("rgreet_x86_64-unknown-linux-gnu");
    expect(codeOf(() => renderArchiveName("{name}-{arch}", vars))).toBe("EARCHIVENAME");
    expect(codeOf(() => renderArchiveName("out/{name}", vars))).toBe("EARCHIVENAME");
    expect(codeOf(() => renderArchiveName("{name", vars))).toBe("EARCHIVENAME");
  });
});

describe("planArchiveLayout", () => {
  it("puts binaries in bin/, links target/release/ and the root to them, and adds the generated files", () => {
    const layout = planArchiveLayout(input());
    expect(layout.fileName).toBe("rgreet-v1.2.3-x86_64-unknown-linux-gnu.tar.gz");
    expect(layout.topDir).toBe("rgreet-v1.2.3-x86_64-unknown-linux-gnu");
    const summary = layout.entries.map(
      (e) => `${e.type} ${e.path} ${e.mode.toString(8)}${e.linkTarget ? ` -> ${e.linkTarget}` : ""}`,
    );
    expect(summary).toEqual([
      "file INSTALL.md 644",
      "file README.md 644",
      "dir bin 755",
      "file bin/rgreet 755",
      "dir demo 755",
      "file demo/run-demo.sh 755",
      "symlink rgreet 777 -> bin/rgreet",
      "file setup-env.sh 755",
      "dir target 755",
      "dir target/release 755",
      "symlink target/release/rgreet 777 -> ../../bin/rgreet",
    ]);
  });

  it("copies instead of linking in zip and adds .exe and setup-env.bat on Windows", () => {
    const layout = planArchiveLayout(
      input({ target: "x86_64-pc-windows-msvc", format: "zip", includes: [] }),
    );
    expect(layout.fileName).toBe("rgreet-v1.2.3-x86_64-pc-windows-msvc.zip");
    const files = layout.entries.filter((e) => e.type === "file").map((e) => e.path);
    expect(files).toEqual([
      "INSTALL.md",
      "bin/rgreet.exe",
      "rgreet.exe",
      "setup-env.bat",
      "setup-env.sh",
      "target/release/rgreet.exe",
    ]);
    expect(layout.entries.some((e) => e.type === "symlink")).toBe(false);
    const install = String(layout.entries.find((e) => e.path === "INSTALL.md")?.content);
    expect(install).toContain("Get-FileHash .\\rgreet-v1.2.3-x86_64-pc-windows-msvc.zip");
    expect(install).toContain(".\\bin\\rgreet.exe --version");
  });

  it("writes platform steps into INSTALL.md", () => {
    const linux = planArchiveLayout(input());
    const mac = planArchiveLayout(input({ target: "aarch64-apple-darwin", format: "tar.xz" }));
    const text = (l: typeof linux) => String(l.entries.find((e) => e.path === "INSTALL.md")?.content);
    expect(text(linux)).toContain("sha256sum -c rgreet-v1.2.3-x86_64-unknown-linux-gnu.tar.gz.sha256");
    expect(text(linux)).toContain("tar -xzf rgreet-v1.2.3-x86_64-unknown-linux-gnu.tar.gz");
    expect(text(linux)).toContain("./bin/rgreet --version");
    expect(text(linux)).toContain(". ./setup-env.sh");
    expect(text(mac)).toContain("shasum -a 256 -c rgreet-v1.2.3-aarch64-apple-darwin.tar.xz.sha256");
    expect(text(mac)).toContain("tar -xJf");
  });

  it("refuses includes that clash with the generated entries or leave the archive", () => {
    expect(
      codeOf(() => planArchiveLayout(input({ includes: [{ source: "/ws/x", dest: "INSTALL.md" }] }))),
    ).toBe("EARCHIVEDUPLICATE");
    expect(codeOf(() => planArchiveLayout(input({ includes: [{ source: "/ws/x", dest: "bin" }] })))).toBe(
      "EARCHIVEDUPLICATE",
    );
    expect(codeOf(() => planArchiveLayout(input({ includes: [{ source: "/ws/x", dest: "../x" }] })))).toBe(
      "EARCHIVEPATH",
    );
    expect(codeOf(() => planArchiveLayout(input({ includes: [{ source: "/ws/x", dest: "/etc/x" }] })))).toBe(
      "EARCHIVEPATH",
    );
  });
});

describe("normalizeEntries", () => {
  it("adds parent folders and sorts parents before children in byte order", () => {
    const out = normalizeEntries([
      { path: "b/c/d.txt", type: "file", content: "x", mode: 0o644 },
      { path: "b-x", type: "file", content: "x", mode: 0o644 },
      { path: "a", type: "file", content: "x", mode: 0o644 },
    ]);
    expect(out.map((e) => e.path)).toEqual(["a", "b", "b-x", "b/c", "b/c/d.txt"]);
  });

  it("refuses absolute, `..` and escaping or dangling links", () => {
    const link = (linkTarget: string) => [
      { path: "bin/x", type: "file" as const, content: "x", mode: 0o755 },
      { path: "target/release/x", type: "symlink" as const, linkTarget, mode: 0o777 },
    ];
    expect(codeOf(() => normalizeEntries(link("../../bin/x")))).toBeUndefined();
    expect(codeOf(() => normalizeEntries(link("../../../bin/x")))).toBe("EARCHIVELINK");
    expect(codeOf(() => normalizeEntries(link("/usr/bin/x")))).toBe("EARCHIVELINK");
    expect(codeOf(() => normalizeEntries(link("../../bin/y")))).toBe("EARCHIVELINK");
    expect(codeOf(() => normalizeEntries([{ path: "a/../b", type: "dir", mode: 0o755 }]))).toBe(
      "EARCHIVEPATH",
    );
    expect(codeOf(() => normalizeEntries([{ path: "a\\b", type: "dir", mode: 0o755 }]))).toBe("EARCHIVEPATH");
  });
});
