import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyConditions } from "../../src/installers/index.js";
import { installerNoteLinesOf } from "../../src/installers/notes.js";
import { formulaClassName, planErrors, type InstallerPlan } from "../../src/installers/plan.js";
import { platformArchives } from "../../src/installers/platforms.js";
import { installersPreviewLines } from "../../src/installers/preview.js";
import { renderOutputs } from "../../src/installers/render.js";
import { tapGitEnv } from "../../src/installers/tap.js";
import { exec } from "../../src/util/exec.js";
import { errorCodes, rejection, testContext } from "../helpers/context.js";

const URL = "https://github.com/acme/rgreet/releases/download/v0.2.0";
const sha = (t: string) => Buffer.from(t).toString("hex").padEnd(64, "0").slice(0, 64);
const TARGETS = [
  "x86_64-unknown-linux-gnu",
  "x86_64-unknown-linux-musl",
  "aarch64-unknown-linux-musl",
  "aarch64-apple-darwin",
  "x86_64-apple-darwin",
  "x86_64-pc-windows-gnu",
  "x86_64-pc-windows-msvc",
  "aarch64-pc-windows-msvc",
];
const archiveOf = (t: string) => `rgreet-v0.2.0-${t}.${t.includes("windows") ? "zip" : "tar.gz"}`;

function plan(targets = TARGETS, extra: Partial<InstallerPlan> = {}): InstallerPlan {
  return {
    name: "rgreet",
    version: "0.2.0",
    downloadUrl: URL,
    envPrefix: "RGREET",
    binaries: ["rgreet"],
    archives: platformArchives(targets.map((t) => ({ target: t, path: archiveOf(t), sha256: sha(t) }))),
    installers: ["shell", "powershell", "homebrew"],
    formula: {
      className: "Rgreet",
      desc: 'Prints "hello" #{name}',
      homepage: "https://github.com/acme/rgreet",
      license: "MIT",
      tap: {
        url: "https://github.com/acme/homebrew-tap.git",
        display: "acme/homebrew-tap",
        brewName: "acme/tap/rgreet",
      },
    },
    ...extra,
  };
}
const output = (p: InstallerPlan, file: string) => renderOutputs(p).find((o) => o.file === file)?.text ?? "";

let dir: string;
beforeAll(async () => void (dir = await mkdtemp(join(tmpdir(), "srr-installers-"))));
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Runs install.sh with `uname`/`ldd` answering as `fake` says, downloading from a closed port (so nothing is). */
async function chosenArchive(script: string, fake: { s: string; m: string; ldd?: string }): Promise<string> {
  const shim = await mkdtemp(join(dir, "shim-"));
  await writeFile(
    join(shim, "uname"),
    `#!/bin/sh\ncase "$1" in -s) echo ${fake.s} ;; *) echo ${fake.m} ;; esac\n`,
  );
  await writeFile(join(shim, "ldd"), `#!/bin/sh\necho '${fake.ldd ?? "ldd (GNU libc) 2.36"}'\n`);
  await writeFile(join(shim, "sysctl"), "#!/bin/sh\nexit 1\n");
  for (const f of ["uname", "ldd", "sysctl"]) await chmod(join(shim, f), 0o755);
  await writeFile(join(dir, "install.sh"), script);
  const r = await exec("sh", [join(dir, "install.sh"), "--to", join(dir, "bin")], {
    env: { ...process.env, PATH: `${shim}:${process.env.PATH}`, RGREET_DOWNLOAD_URL: "http://127.0.0.1:9/x" },
    reject: false,
  });
  expect(r.code).not.toBe(0);
  return (
    /(?:cannot download http:\/\/127\.0\.0\.1:9\/x\/(\S+)|(no rgreet .*))/
      .exec(r.stderr)
      ?.slice(1)
      .join("") ?? r.stderr
  );
}

describe("install.sh", () => {
  it("passes shellcheck, with names that need quoting too", async () => {
    for (const p of [
      plan(),
      plan(TARGETS, { name: "it's", envPrefix: "IT_S", minisignPublicKey: "RW$(id)'x" }),
    ]) {
      await writeFile(join(dir, "check.sh"), output(p, "install.sh"));
      const r = await exec("shellcheck", ["--shell=sh", join(dir, "check.sh")], { reject: false });
      expect(r.stdout, r.stdout).toBe("");
    }
    expect(output(plan(TARGETS, { minisignPublicKey: "RW$(id)'x" }), "install.sh")).toContain(
      `minisign_key='RW$(id)'\\''x'`,
    );
  });

  it("picks the archive of the platform: glibc (musl as fallback), musl, macOS (Rosetta on Apple silicon)", async () => {
    const script = output(plan(), "install.sh");
    expect(await chosenArchive(script, { s: "Linux", m: "x86_64" })).toBe(
      archiveOf("x86_64-unknown-linux-gnu"),
    );
    expect(await chosenArchive(script, { s: "Linux", m: "x86_64", ldd: "musl libc (x86_64)" })).toBe(
      archiveOf("x86_64-unknown-linux-musl"),
    );
    expect(await chosenArchive(script, { s: "Linux", m: "aarch64" })).toBe(
      archiveOf("aarch64-unknown-linux-musl"),
    );
    expect(await chosenArchive(script, { s: "Darwin", m: "arm64" })).toBe(archiveOf("aarch64-apple-darwin"));
    const intelOnly = output(plan(["x86_64-apple-darwin"]), "install.sh");
    expect(await chosenArchive(intelOnly, { s: "Darwin", m: "arm64" })).toBe(
      archiveOf("x86_64-apple-darwin"),
    );
    expect(await chosenArchive(intelOnly, { s: "Linux", m: "riscv64" })).toMatch(
      /^no rgreet 0.2.0 build for this platform \(linux riscv64 gnu.*This release has builds for: x86_64-apple-darwin\./,
    );
  });

  it("bakes in every archive with its sha256 and the sha256 check, and reads RGREET_* variables", () => {
    const script = output(plan(), "install.sh");
    for (const t of TARGETS.filter((x) => !x.includes("windows"))) {
      expect(script).toContain(`archive=${archiveOf(t)}\n`);
      expect(script).toContain(`sha256=${sha(t)} ;;`);
    }
    expect(script).not.toContain("windows");
    expect(script).toContain(`download_url=${URL}\n`);
    expect(script).toContain(
      'if [ -n "${RGREET_DOWNLOAD_URL:-}" ]; then download_url=${RGREET_DOWNLOAD_URL%/}; fi',
    );
    expect(script).toContain("install_dir=${RGREET_INSTALL_DIR:-}");
    expect(script).toContain('if [ "$actual" != "$sha256" ]; then');
    expect(script).toContain('"$download_url/$asset.minisig"');
    expect(script).toContain('gpg --batch --verify "$file.asc" "$file"');
  });
});

describe("install.ps1", () => {
  it("lists the Windows archives (msvc first) with their URLs and sha256s and checks them before installing", () => {
    const script = output(plan(), "install.ps1");
    const msvc = "x86_64-pc-windows-msvc";
    expect(script).toContain(
      `'x86_64' = @{ Target = '${msvc}'; File = '${archiveOf(msvc)}'; Asset = '${archiveOf(msvc)}'; Top = 'rgreet-v0.2.0-${msvc}'; Sha256 = '${sha(msvc)}' }`,
    );
    expect(script).toContain(`'aarch64' = @{ Target = 'aarch64-pc-windows-msvc';`);
    expect(script).not.toContain(archiveOf("x86_64-pc-windows-gnu"));
    expect(script).toContain(`} else { '${URL}' }`);
    expect(script).toContain("$DownloadUrl = if ($env:RGREET_DOWNLOAD_URL)");
    expect(script).toContain(`irm ${URL}/install.ps1 | iex`);
    expect(script).toContain('$Url = "$DownloadUrl/$($Build.Asset)"');
    expect(script).toContain("(Get-FileHash -Algorithm SHA256 -LiteralPath $File).Hash.ToLowerInvariant()");
    expect(script).toMatch(/if \(\$Actual -ne \$Build.Sha256\) \{\n\s+throw ".*Nothing was installed\."/);
    // the check comes before anything is extracted or copied
    expect(script.indexOf("Get-FileHash")).toBeLessThan(script.indexOf("Expand-Archive"));
    expect(script).toContain('Get-Optional "$Url.minisig" "$File.minisig"');
    expect(script).toContain('& gpg --batch --verify "$File.asc" $File');
    expect(script).toContain("param([string]$To)");
    expect(script).toContain("Join-Path (Join-Path $HOME '.local') 'bin'");
    expect(output(plan(TARGETS, { name: "it's" }), "install.ps1")).toContain("$App = 'it''s'");
  });

  it("is not written for a release without a Windows archive", () => {
    const files = renderOutputs(plan(["x86_64-unknown-linux-gnu"])).map((o) => o.file);
    expect(files).toEqual(["install.sh", "homebrew/rgreet.rb"]);
  });
});

describe("Homebrew formula", () => {
  it("has a URL and sha256 per macOS and Linux CPU (static musl builds first), a --version test, and is valid Ruby", async () => {
    const text = output(plan(), "homebrew/rgreet.rb");
    expect(text).toContain('desc "Prints \\"hello\\" \\#{name}"');
    for (const t of [
      "aarch64-apple-darwin",
      "x86_64-apple-darwin",
      "aarch64-unknown-linux-musl",
      "x86_64-unknown-linux-musl",
    ]) {
      expect(text).toContain(`url "${URL}/${archiveOf(t)}"\n      sha256 "${sha(t)}"`);
    }
    expect(text).not.toContain("linux-gnu");
    expect(text).toContain('bin.install Dir["bin/*"]');
    expect(text).toContain('assert_match version.to_s, shell_output("#{bin}/rgreet --version")');
    await writeFile(join(dir, "rgreet.rb"), text);
    expect((await exec("ruby", ["-c", join(dir, "rgreet.rb")])).stdout).toContain("Syntax OK");
  });

  it("needs a macOS or Linux archive and a name Homebrew accepts", () => {
    expect(errorCodes(planErrors(plan(["x86_64-pc-windows-msvc"]))[0])).toEqual(["ENOINSTALLERARCHIVE"]);
    expect(errorCodes(planErrors(plan(TARGETS, { name: "Bad Name" }))[0])).toEqual(["EFORMULANAME"]);
    expect(formulaClassName("my-tool")).toBe("MyTool");
    expect(formulaClassName("rgreet")).toBe("Rgreet");
  });
});

describe("the tap's git environment", () => {
  it("hands the token to git as an Authorization header for the tap's origin only, after the caller's own GIT_CONFIG entries", () => {
    const tap = plan().formula!.tap;
    const env = tapGitEnv({
      tap,
      token: "s3cret",
      env: { GIT_CONFIG_COUNT: "1", GIT_CONFIG_KEY_0: "a.b", GIT_CONFIG_VALUE_0: "c" },
    });
    expect(env.GIT_CONFIG_COUNT).toBe("2");
    expect(env.GIT_CONFIG_KEY_0).toBe("a.b");
    expect(env.GIT_CONFIG_KEY_1).toBe("http.https://github.com/.extraHeader");
    expect(env.GIT_CONFIG_VALUE_1).toBe(
      `Authorization: Basic ${Buffer.from("x-access-token:s3cret").toString("base64")}`,
    );
    expect(tap.url).not.toContain("s3cret");
    const local = tapGitEnv({ tap: { ...tap, url: "/srv/tap.git" }, token: "s3cret", env: {} });
    expect(JSON.stringify(local)).not.toContain("extraHeader");
  });
});

describe("notes, preview and verifyConditions", () => {
  it("gives the Install section one line per installer", () => {
    expect(installerNoteLinesOf(plan())).toEqual([
      `- Linux and macOS: \`curl -fsSL ${URL}/install.sh | sh\``,
      `- Windows: \`powershell -ExecutionPolicy Bypass -c "irm ${URL}/install.ps1 | iex"\``,
      "- Homebrew: `brew install acme/tap/rgreet`",
    ]);
    expect(installerNoteLinesOf(plan(TARGETS, { version: "0.3.0-beta.1" }))).toHaveLength(2);
  });

  it("previews each file with the archives it serves, the upload and the tap push", () => {
    const lines = installersPreviewLines(plan(["x86_64-unknown-linux-gnu"]), {
      distDir: "dist",
      built: false,
      tapStep: "publish",
    });
    expect(lines).toEqual([
      "Would write to dist/ (sha256s baked in once the archives are built):",
      "  install.sh: Linux and macOS; x86_64-unknown-linux-gnu",
      "  homebrew/rgreet.rb: Homebrew formula for macOS and Linux; x86_64-unknown-linux-gnu",
      "  no powershell installer: no archive of this release runs where it does",
      `Would upload install.sh with the release: ${URL}/install.sh`,
      "Would push Formula/rgreet.rb to the tap acme/homebrew-tap at the end of publish, once every archive it names downloads with its sha256 (skipped for prereleases; unchanged formula: no commit)",
    ]);
  });

  it("verifyConditions reports every problem at once: order, download URL, tap token, options", async () => {
    const ctx = testContext(dir, {
      env: {},
      options: {
        repositoryUrl: "file:///srv/rgreet.git",
        plugins: [
          "semantic-release-rust/installers",
          "semantic-release-rust/binaries",
          "semantic-release-rust/github",
        ],
      },
    });
    const error = await rejection(
      verifyConditions({ installers: ["shell", "homebrew"], tap: "acme/homebrew-tap" }, ctx),
    );
    expect(errorCodes(error).sort()).toEqual([
      "EINSTALLERSORDER",
      "EINSTALLERSORDER",
      "ENODOWNLOADURL",
      "ENOTAPTOKEN",
    ]);
    const bad = await rejection(
      verifyConditions({ installers: ["shell", "snap"], downloadUrl: "https://x/{gitTag}" }, ctx),
    );
    expect(errorCodes(bad)).toEqual(["EINVALIDINSTALLERS", "EINSTALLERSORDER"]);
    await mkdir(dir, { recursive: true });
  });
});
