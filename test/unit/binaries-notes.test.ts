import { describe, expect, it } from "vitest";
import {
  ARTIFACTS_END,
  ARTIFACTS_START,
  formatSize,
  githubDownloadBase,
  renderArtifactTable,
  renderPlatformInstall,
  replaceArtifactTable,
} from "../../src/binaries/release-notes.js";
import { checkFragments, type Fragment } from "../../src/binaries/collect-prebuilt.js";
import { runBounded } from "../../src/util/run-bounded.js";
import { printsVersion } from "../../src/binaries/smoke-test.js";
import type { DistManifest } from "../../src/manifest/dist-manifest.js";

const sha = (c: string) => c.repeat(64);
const manifest: DistManifest = {
  schemaVersion: 1,
  version: "1.2.0",
  artifacts: [
    {
      path: "bin/x86_64-unknown-linux-gnu/tool",
      kind: "binary",
      target: "x86_64-unknown-linux-gnu",
      size: 9,
      sha256: sha("1"),
      binary: "tool",
    },
    { path: "SHA256SUMS", kind: "checksums", size: 200, sha256: sha("2") },
    {
      path: "tool-v1.2.0-x86_64-unknown-linux-gnu.tar.gz",
      kind: "archive",
      target: "x86_64-unknown-linux-gnu",
      size: 1536,
      sha256: sha("a"),
    },
    {
      path: "tool-v1.2.0-x86_64-unknown-linux-gnu.tar.gz.sha256",
      kind: "checksum",
      target: "x86_64-unknown-linux-gnu",
      size: 80,
      sha256: sha("3"),
    },
    {
      path: "tool-v1.2.0-aarch64-apple-darwin.tar.gz",
      kind: "archive",
      target: "aarch64-apple-darwin",
      size: 3 * 1024 * 1024,
      sha256: sha("b"),
    },
  ],
};

describe("renderArtifactTable", () => {
  it("lists archives (then SHA256SUMS) with size and sha256 between the markers", () => {
    const table = renderArtifactTable(manifest);
    const lines = table.split("\n");
    expect(lines[0]).toBe(ARTIFACTS_START);
    expect(lines.at(-1)).toBe(ARTIFACTS_END);
    expect(lines.slice(3, -1)).toEqual([
      `| \`tool-v1.2.0-aarch64-apple-darwin.tar.gz\` | \`aarch64-apple-darwin\` | 3.0 MiB | \`${sha("b")}\` |`,
      `| \`tool-v1.2.0-x86_64-unknown-linux-gnu.tar.gz\` | \`x86_64-unknown-linux-gnu\` | 1.5 KiB | \`${sha("a")}\` |`,
      `| \`SHA256SUMS\` | — | 200 B | \`${sha("2")}\` |`,
    ]);
    expect(renderArtifactTable(manifest)).toBe(table);
  });

  it("replaces an earlier table in notes, or appends one", () => {
    const notes = `# 1.2.0\n\nfixes\n\n${ARTIFACTS_START}\nold\n${ARTIFACTS_END}\n\nfooter\n`;
    const refreshed = replaceArtifactTable(notes, renderArtifactTable(manifest));
    expect(refreshed).not.toContain("old");
    expect(refreshed.startsWith("# 1.2.0\n\nfixes\n\n")).toBe(true);
    expect(refreshed.endsWith("\n\nfooter\n")).toBe(true);
    expect(replaceArtifactTable("just notes", "T")).toBe("just notes\n\nT\n");
  });

  it("formats sizes", () => {
    expect(formatSize(0)).toBe("0 B");
    expect(formatSize(2048)).toBe("2.0 KiB");
  });
});

describe("install section", () => {
  it("downloads, verifies, extracts and runs", () => {
    const text = renderPlatformInstall(
      [
        {
          file: "tool-v1.2.0-x86_64-unknown-linux-gnu.tar.xz",
          target: "x86_64-unknown-linux-gnu",
          topDir: "tool-v1.2.0-x86_64-unknown-linux-gnu",
          format: "tar.xz",
          binary: "tool",
        },
      ],
      "https://github.com/o/r/releases/download/v1.2.0",
    );
    expect(text).toContain(
      "curl -LO https://github.com/o/r/releases/download/v1.2.0/tool-v1.2.0-x86_64-unknown-linux-gnu.tar.xz\n",
    );
    expect(text).toContain("sha256sum -c tool-v1.2.0-x86_64-unknown-linux-gnu.tar.xz.sha256\n");
    expect(text).toContain("tar -xJf tool-v1.2.0-x86_64-unknown-linux-gnu.tar.xz\n");
    expect(text).toContain("./tool-v1.2.0-x86_64-unknown-linux-gnu/bin/tool --version\n");
  });

  it("derives GitHub download URLs from the repository URL", () => {
    expect(githubDownloadBase("git@github.com:o/r.git", "v1")).toBe(
      "https://github.com/o/r/releases/download/v1",
    );
    expect(githubDownloadBase("git+https://github.com/o/r", "v1")).toBe(
      "https://github.com/o/r/releases/download/v1",
    );
    expect(githubDownloadBase("file:///tmp/remote.git", "v1")).toBeUndefined();
    expect(githubDownloadBase("https://github.com/o/r.git", "tool@1.0.0 $(id)")).toBe(
      "https://github.com/o/r/releases/download/tool%401.0.0%20%24(id)",
    );
  });

  it("writes each name as one sh word and saves an encoded download under its own name", () => {
    const base = "https://github.com/o/r/releases/download/v1.2.0";
    const text = renderPlatformInstall(
      [
        {
          file: "my tool.tar.gz",
          target: "x86_64-unknown-linux-gnu",
          topDir: "my tool",
          format: "tar.gz",
          binary: "it's",
        },
        {
          file: "it's.zip",
          target: "x86_64-pc-windows-msvc",
          topDir: "it's",
          format: "zip",
          binary: "a b.exe",
        },
      ],
      base,
    );
    expect(text).toContain(
      [
        `curl -L -o 'my tool.tar.gz' ${base}/my%20tool.tar.gz`,
        `curl -L -o 'my tool.tar.gz.sha256' ${base}/my%20tool.tar.gz.sha256`,
        `# or: wget -O 'my tool.tar.gz' ${base}/my%20tool.tar.gz && wget -O 'my tool.tar.gz.sha256' ${base}/my%20tool.tar.gz.sha256`,
        "sha256sum -c 'my tool.tar.gz.sha256'",
        "tar -xzf 'my tool.tar.gz'",
        "'./my tool/bin/it'\\''s' --version",
      ].join("\n"),
    );
    // PowerShell: single quotes doubled inside single-quoted words, paths given as -LiteralPath.
    expect(text).toContain(
      [
        `Invoke-WebRequest -Uri '${base}/it''s.zip' -OutFile 'it''s.zip'`,
        `Invoke-WebRequest -Uri '${base}/it''s.zip.sha256' -OutFile 'it''s.zip.sha256'`,
        `(Get-FileHash -LiteralPath '.\\it''s.zip' -Algorithm SHA256).Hash.ToLower() -eq (Get-Content -LiteralPath '.\\it''s.zip.sha256').Split(" ")[0]   # True`,
        "Expand-Archive -LiteralPath '.\\it''s.zip' -DestinationPath .",
        "& '.\\it''s\\bin\\a b.exe' --version",
      ].join("\n"),
    );
  });
});

describe("checkFragments", () => {
  const fragment = (target: string, version: string, archive: string): Fragment => ({
    file: `/jobs/${target}/manifest-${target}.json`,
    dir: `/jobs/${target}`,
    target,
    manifest: {
      schemaVersion: 1,
      version,
      artifacts: [{ path: archive, kind: "archive", target, size: 1, sha256: sha("c") }],
    },
  });
  const expected = [
    { target: "a-unknown-linux-gnu", archive: "t-v2.0.0-a-unknown-linux-gnu.tar.gz" },
    { target: "b-unknown-linux-gnu", archive: "t-v2.0.0-b-unknown-linux-gnu.tar.gz" },
    { target: "c-unknown-linux-gnu", archive: "t-v2.0.0-c-unknown-linux-gnu.tar.gz" },
    { target: "d-unknown-linux-gnu", archive: "t-v2.0.0-d-unknown-linux-gnu.tar.gz" },
  ];

  it("picks the fragment of this version per target and lists missing, stale and misnamed ones", () => {
    const { chosen, problems } = checkFragments(
      [
        fragment("a-unknown-linux-gnu", "1.9.0", "t-v1.9.0-a-unknown-linux-gnu.tar.gz"),
        fragment("a-unknown-linux-gnu", "2.0.0", "t-v2.0.0-a-unknown-linux-gnu.tar.gz"),
        fragment("b-unknown-linux-gnu", "1.9.0", "t-v1.9.0-b-unknown-linux-gnu.tar.gz"),
        fragment("d-unknown-linux-gnu", "2.0.0", "other-d.tar.gz"),
      ],
      expected,
      "2.0.0",
    );
    expect(chosen.map((f) => [f.target, f.manifest.version])).toEqual([["a-unknown-linux-gnu", "2.0.0"]]);
    expect(problems).toEqual([
      "`b-unknown-linux-gnu`: built for 1.9.0, not 2.0.0",
      "`c-unknown-linux-gnu`: no `manifest-c-unknown-linux-gnu.json`",
      "`d-unknown-linux-gnu`: expected archive `t-v2.0.0-d-unknown-linux-gnu.tar.gz`, found `other-d.tar.gz`",
    ]);
  });
});

describe("printsVersion", () => {
  it("matches the version as a whole word", () => {
    expect(printsVersion("tool 1.2.0\ncommit: abc", "1.2.0")).toBe(true);
    expect(printsVersion("tool v1.2.0", "1.2.0")).toBe(true);
    expect(printsVersion("tool 11.2.0", "1.2.0")).toBe(false);
    expect(printsVersion("tool 1.2.0-rc.1", "1.2.0")).toBe(false);
    expect(printsVersion("tool 1.2.0-rc.1 (x)", "1.2.0-rc.1")).toBe(true);
  });
});

describe("runBounded", () => {
  it("never runs more than the limit at once and keeps the order of results", async () => {
    let running = 0;
    let peak = 0;
    const task = (n: number) => async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setImmediate(r));
      running--;
      return n;
    };
    expect(await runBounded([1, 2, 3, 4, 5].map(task), 2)).toEqual([1, 2, 3, 4, 5]);
    expect(peak).toBe(2);
  });
});
