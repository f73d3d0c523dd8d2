import { mkdir, readdir, rm, writeFile, chmod } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { planArchiveLayout, type LayoutInput } from "../../src/binaries/archive-layout.js";
import { renderInstallMd } from "../../src/binaries/install-docs.js";
import { packageTarget } from "../../src/binaries/package-target.js";
import { renderPlatformInstall, renderRows, type NotesArchive } from "../../src/binaries/release-notes.js";
import { mdCode, psQuote, shQuote } from "../../src/util/shell-quote.js";
import { EPOCH, run, tempDir } from "../helpers/archive-fixtures.js";

/** Names a user might pick and names an attacker might pick: each must reach the shell as one literal word. */
const HOSTILE = ["x$(touch P)y", "a'b", "a b", "a`id`b", "q`touch P`q", "-dash", 'd"q$HOME*'];
const LINUX = "x86_64-unknown-linux-gnu";
const WINDOWS = "x86_64-pc-windows-msvc";

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir("srr-quoting-")));
afterEach(() => cleanup());

/** The `error.code`, or the codes of an `AggregateError`, of what `fn` throws. */
function codesOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    const errors = error instanceof AggregateError ? error.errors : [error];
    return errors.map((e: { code?: string }) => e.code ?? "none");
  }
  return [];
}

/** The message of the one error `fn` throws. */
function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }
  return "";
}

/** The code of the fences with `lang` in markdown (indent of list items removed), joined into one script. */
function fences(markdown: string, lang: string): string {
  const re = new RegExp(`^( *)\`\`\`${lang}\\n([\\s\\S]*?)^\\1\`\`\`$`, "gm");
  return [...markdown.matchAll(re)]
    .map(([, indent, body]) => body!.replace(new RegExp(`^${indent}`, "gm"), ""))
    .join("");
}

/** Every file called `P` under `root`: a marker that some name was run as a command. */
async function markers(root: string): Promise<string[]> {
  const all = await readdir(root, { recursive: true });
  return all.filter((p) => p === "P" || p.endsWith("/P"));
}

/** A stand-in binary that prints the name it was run by and the version, like `tool 1.2.3`. */
async function nameEcho(): Promise<string> {
  const path = join(dir, "build", "name-echo");
  await mkdir(join(dir, "build"), { recursive: true });
  await writeFile(path, `#!/bin/sh\nprintf '%s 1.2.3\\n' "\${0##*/}"\n`);
  await chmod(path, 0o755);
  return path;
}

/** Packages a real tar.gz whose top folder, archive and binary are all called `name`, into `distDir`. */
async function packageNamed(name: string, distDir: string, target = LINUX) {
  const input: LayoutInput = {
    name: "tool",
    version: "1.2.3",
    target,
    format: target === WINDOWS ? "zip" : "tar.gz",
    archiveName: name,
    binaries: [{ name, path: await nameEcho() }],
    includes: [],
  };
  await packageTarget({ ...input, distDir, mtime: EPOCH });
  return planArchiveLayout(input);
}

describe("shQuote and psQuote", () => {
  it("round-trips every printable ASCII character and the hostile names through real sh and bash", async () => {
    const printable = String.fromCharCode(...Array.from({ length: 95 }, (_, i) => i + 32));
    for (const word of [printable, "", "'", "''", "~", "ü ß", ...HOSTILE]) {
      for (const shell of ["sh", "bash"]) {
        expect(await run(shell, ["-c", `printf '%s' ${shQuote(word)}`], { cwd: dir })).toBe(word);
      }
    }
    expect(await markers(dir)).toEqual([]);
  });

  it("leaves plain names as they are and single-quotes the rest", () => {
    expect(shQuote("tool-v1.2.0-x86_64-unknown-linux-gnu.tar.gz")).toBe(
      "tool-v1.2.0-x86_64-unknown-linux-gnu.tar.gz",
    );
    expect(shQuote("a'b")).toBe(`'a'\\''b'`);
    expect(psQuote(".\\tool-v1.2.0-x86_64-pc-windows-msvc.zip")).toBe(
      ".\\tool-v1.2.0-x86_64-pc-windows-msvc.zip",
    );
    expect(psQuote("a'b")).toBe("'a''b'");
    // PowerShell ends a single-quoted string at typographic single quotes too.
    expect(psQuote("a\u2019b$x")).toBe("'a\u2019\u2019b$x'");
    expect(psQuote("-x")).toBe("'-x'");
    expect(mdCode("a`b")).toBe("``a`b``");
    expect(mdCode("`a")).toBe("`` `a ``");
  });
});

describe("INSTALL.md and setup-env.sh with hostile names", () => {
  it.each(HOSTILE)(
    "runs the sh steps of INSTALL.md for %j as written, without running any part of the name",
    async (name) => {
      const distDir = join(dir, "dist");
      const layout = await packageNamed(name, distDir);
      expect(layout.topDir).toBe(name);
      const install = String(layout.entries.find((e) => e.path === "INSTALL.md")?.content);
      const script = fences(install, "sh");
      expect(script).toContain(". ./setup-env.sh\n");
      for (const shell of ["sh", "bash"]) {
        await run(shell, ["-n", "-c", script], { cwd: distDir });
        const out = await run(shell, ["-e", "-c", script], { cwd: distDir });
        expect(out).toBe(`${name}.tar.gz: OK\n${name} 1.2.3\n${name} 1.2.3\n`);
        await rm(join(distDir, name), { recursive: true });
      }
      expect(await markers(dir)).toEqual([]);
    },
  );

  it("sources setup-env.sh by its path from another folder, with the hostile folder first on PATH", async () => {
    const distDir = join(dir, "dist");
    for (const name of HOSTILE) await packageNamed(name, distDir);
    await run("sh", ["-c", 'for f in ./*.tar.gz; do tar -xzf "$f"; done'], { cwd: distDir });
    for (const name of HOSTILE) {
      const top = join(distDir, name);
      for (const shell of ["sh", "bash"]) {
        const out = await run(
          shell,
          [
            "-c",
            '. "$1" && command -v -- "$2" && printf "%s\\n" "${PATH%%:*}"',
            "sh",
            join(top, "setup-env.sh"),
            name,
          ],
          { cwd: "/" },
        );
        expect(out).toBe(`${top}/bin/${name}\n${top}/bin\n`);
      }
    }
    expect(await markers(dir)).toEqual([]);
  });

  // `"` is refused on Windows (below); `-dash` needs no quotes behind `.\\`.
  const WINDOWS_NAMES = [...HOSTILE.filter((n) => !n.includes('"') && n !== "-dash"), "a\u2019b"];
  it.each(WINDOWS_NAMES)("quotes %j in the PowerShell steps of a Windows INSTALL.md", (name) => {
    const text = renderInstallMd({
      fileName: `${name}.zip`,
      topDir: name,
      format: "zip",
      target: WINDOWS,
      binaries: [`${name}.exe`],
    });
    const ps = fences(text, "powershell");
    const q = (s: string) => `'${s.replace(/['\u2019]/g, "$&$&")}'`;
    expect(ps).toContain(
      `(Get-FileHash -LiteralPath ${q(`.\\${name}.zip`)} -Algorithm SHA256).Hash.ToLower()\n`,
    );
    expect(ps).toContain(`(Get-Content -LiteralPath ${q(`.\\${name}.zip.sha256`)}).Split(" ")[0]\n`);
    expect(ps).toContain(`Expand-Archive -LiteralPath ${q(`.\\${name}.zip`)} -DestinationPath .\n`);
    expect(ps).toContain(`cd -LiteralPath ${q(name)}\n`);
    expect(ps).toContain(`& ${q(`.\\bin\\${name}.exe`)} --version\n`);
    // Outside single-quoted strings nothing of the name is left for PowerShell to expand or run.
    const bare = ps.replace(/'(?:[^']|'')*'/g, "''");
    expect(bare).not.toMatch(/[$`]|touch|\bid\b|HOME/);
  });

  it("keeps plain names unquoted, as before", () => {
    const text = renderInstallMd({
      fileName: "tool-v1.2.3-x86_64-pc-windows-msvc.zip",
      topDir: "tool-v1.2.3-x86_64-pc-windows-msvc",
      format: "zip",
      target: WINDOWS,
      binaries: ["tool.exe"],
    });
    expect(text).toContain("(Get-FileHash .\\tool-v1.2.3-x86_64-pc-windows-msvc.zip -Algorithm SHA256)");
    expect(text).toContain(
      "Expand-Archive -Path .\\tool-v1.2.3-x86_64-pc-windows-msvc.zip -DestinationPath .",
    );
    expect(text).toContain("   cd tool-v1.2.3-x86_64-pc-windows-msvc\n   .\\bin\\tool.exe --version\n");
  });

  it.each(["50%", "a!b", "a^b", 'a"b'])(
    "refuses %j as a Windows top folder that setup-env.bat runs from",
    (name) => {
      const doc = (target: string) => () =>
        renderInstallMd({
          fileName: `${name}.zip`,
          topDir: name,
          format: "zip",
          target,
          binaries: ["tool.exe"],
        });
      expect(codesOf(doc(WINDOWS))).toEqual(["EUNSAFENAME"]);
      const message = messageOf(doc(WINDOWS));
      expect(message).toContain(JSON.stringify(name));
      expect(message).toContain("setup-env.bat");
      expect(message).toContain(`\`${name.replace(/[^%!^"]/g, "")}\``);
      // No .bat file on other platforms: the same name is only quoted there.
      expect(codesOf(doc(LINUX))).toEqual([]);
    },
  );

  it("refuses names with a line break or another control character, collecting every one", () => {
    const doc = (over: Partial<Parameters<typeof renderInstallMd>[0]>) => () =>
      renderInstallMd({
        fileName: "t.tar.gz",
        topDir: "t",
        format: "tar.gz",
        target: LINUX,
        binaries: ["tool"],
        ...over,
      });
    expect(codesOf(doc({ fileName: "t\n```\nrm -rf ~\n```.tar.gz" }))).toEqual(["EUNSAFENAME"]);
    expect(codesOf(doc({ topDir: "t\r" }))).toEqual(["EUNSAFENAME"]);
    expect(codesOf(doc({ binaries: ["a\u001b[2Jb"] }))).toEqual(["EUNSAFENAME"]);
    expect(codesOf(doc({ topDir: "a\tb", target: WINDOWS }))).toEqual(["EUNSAFENAME", "EUNSAFENAME"]);
    expect(codesOf(doc({ topDir: "a\nb", binaries: ["c\nd"] }))).toEqual(["EUNSAFENAME", "EUNSAFENAME"]);
    expect(messageOf(doc({ topDir: "a\nb" }))).toBe(
      'The name "a\\nb" cannot be written into INSTALL.md: it contains U+000A.',
    );
  });

  it("refuses to package an archive whose name has a line break, before writing anything", async () => {
    const distDir = join(dir, "dist");
    const error: unknown = await packageNamed("tool\nforged", distDir).catch((e: unknown) => e);
    // The archive name is rendered (and refused) before any renderer of INSTALL.md or setup-env runs.
    expect(
      codesOf(() => {
        throw error;
      }),
    ).toEqual(["EARCHIVENAME"]);
    await expect(readdir(distDir)).rejects.toMatchObject({ code: "ENOENT" });
  });
});

describe("the Install section of the release notes with hostile names", () => {
  it.each(HOSTILE)("downloads, verifies, extracts and runs %j as written", async (name) => {
    const remote = join(dir, "remote $(touch P) 'q'");
    const layout = await packageNamed(name, remote);
    const text = renderPlatformInstall(
      [{ file: layout.fileName, target: LINUX, topDir: layout.topDir, format: "tar.gz", binary: name }],
      pathToFileURL(remote).href,
    );
    const script = fences(text, "sh");
    for (const shell of ["sh", "bash"]) {
      const download = join(dir, `download-${shell}`);
      await mkdir(download);
      await run(shell, ["-n", "-c", script], { cwd: download });
      const out = await run(shell, ["-e", "-c", script], { cwd: download });
      expect(out).toBe(`${name}.tar.gz: OK\n${name} 1.2.3\n`);
      expect((await readdir(download)).sort()).toEqual(
        [name, `${name}.tar.gz`, `${name}.tar.gz.sha256`].sort(),
      );
    }
    expect(await markers(dir)).toEqual([]);
  });

  it("keeps one cell per column and no forged rows in the artifact table", () => {
    const table = renderRows([{ file: "a|b`c.tar.gz", target: LINUX }]);
    expect(table.split("\n")[3]).toBe(`| \`\`a\\|b\`c.tar.gz\`\` | \`${LINUX}\` | — | — |`);
    expect(codesOf(() => renderRows([{ file: "a.tar.gz\n| forged.tar.gz | x | 1 B | `0` |" }]))).toEqual([
      "EUNSAFENAME",
    ]);
    const install = (over: Partial<NotesArchive>, base?: string) => () =>
      renderPlatformInstall(
        [{ file: "t.tar.gz", target: LINUX, topDir: "t", format: "tar.gz", binary: "t", ...over }],
        base,
      );
    expect(codesOf(install({ file: "t\n```\nid\n```" }))).toEqual(["EUNSAFENAME"]);
    expect(codesOf(install({}, "https://github.com/o/r\n/x"))).toEqual(["EUNSAFENAME"]);
  });
});
