import { createServer, type Server } from "node:http";
import { chmod, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publish, success } from "../../src/installers/index.js";
import { installerNoteLines } from "../../src/installers/notes.js";
import { planRelease } from "../../src/plan/release-plan.js";
import { parseManifest, type DistManifest } from "../../src/manifest/dist-manifest.js";
import { exec } from "../../src/util/exec.js";
import { sharedTargetDir } from "../helpers/cargo-env.js";
import { errorCodes, rejection, testContext } from "../helpers/context.js";
import { HOST } from "../helpers/cross-toolchain.js";
import { initExamplesRepo, removeRepo, type TestRepo } from "../helpers/git-utils.js";
import { runRelease } from "../helpers/run-release.js";
import { startGitHubStandIn, type GitHubStandIn } from "../stand-ins/github-server.js";

const PUBLIC = "https://github.com/acme/rgreet.git";
const TAP = "https://github.com/acme/homebrew-tap.git";

let gh: GitHubStandIn;
let repo: TestRepo;
let tap: string;
let home: string;
let manifest: DistManifest;
let output: string;
let plugins: unknown[];

const run = (cmd: string, args: string[], env: Record<string, string> = {}) =>
  exec(cmd, args, { cwd: home, env: { ...process.env, HOME: home, ...env }, reject: false });
const tapLog = async () =>
  (await exec("git", ["--git-dir", tap, "log", "--format=%s"])).stdout.trim().split("\n");
/** git, as the plugin sees it, reaches the tap's GitHub URL in the bare repo: the token header still goes in. */
const env = () => ({
  CARGO_TARGET_DIR: sharedTargetDir,
  ...gh.env(),
  HOMEBREW_TAP_TOKEN: "tap-secret-token",
  GIT_CONFIG_COUNT: "1",
  GIT_CONFIG_KEY_0: `url.file://${tap}.insteadOf`,
  GIT_CONFIG_VALUE_0: TAP,
});
const installersConfig = () => ({
  installers: ["shell", "powershell", "homebrew"],
  downloadUrl: `${gh.url}/acme/rgreet/releases/download/{gitTag}`,
});

beforeAll(async () => {
  gh = await startGitHubStandIn();
  repo = await initExamplesRepo({ publicUrl: PUBLIC });
  home = await mkdtemp(join(tmpdir(), "srr-install-home-"));
  tap = join(repo.base, "homebrew-tap.git");
  await exec("git", ["init", "-q", "--bare", "-b", "main", tap]);
  plugins = [
    "@semantic-release/commit-analyzer",
    "@semantic-release/release-notes-generator",
    "semantic-release-rust",
    ["semantic-release-rust/binaries", { targets: [HOST] }],
    "semantic-release-rust/github",
    ["semantic-release-rust/installers", installersConfig()],
  ];
  const released = await runRelease(repo.cwd, { repositoryUrl: PUBLIC, plugins, env: env() });
  output = released.output;
  if (!released.result) throw new Error(`no release:\n${output}`);
  const path = join(repo.cwd, "dist", "manifest.json");
  manifest = parseManifest(await readFile(path, "utf8"), path);
});
afterAll(async () => {
  await gh.stop();
  await removeRepo(repo);
  await rm(home, { recursive: true, force: true });
});

const archive = () => manifest.artifacts.find((a) => a.kind === "archive" && a.target === HOST);
/** The context semantic-release gives a step of the release of `version`. */
const stepContext = (cwd: string, version: string) =>
  testContext(cwd, {
    env: { ...process.env, ...env() },
    options: { repositoryUrl: PUBLIC, plugins },
    nextRelease: { version, gitTag: `v${version}`, name: `v${version}` },
  });
const installSh = () => join(repo.cwd, "dist", "install.sh");

describe("semantic-release-rust/installers in a real release of examples/", () => {
  it("uploads install.sh with the release, skips install.ps1 without a Windows archive, and pushes the formula", async () => {
    const kinds = manifest.artifacts.map((a) => `${a.kind} ${a.path}`);
    expect(kinds).toContain("installer install.sh");
    expect(kinds).toContain("formula homebrew/rgreet.rb");
    expect(kinds.some((k) => k.includes("install.ps1"))).toBe(false);
    const release = gh.state.releaseByTag("acme", "rgreet", "v0.2.0");
    const assets = gh.state.assetsOf(release?.id ?? -1).map((a) => a.name);
    expect(assets).toContain("install.sh");
    expect(assets).not.toContain("rgreet.rb");
    expect(output).toMatch(/No powershell installer/);
    expect(await tapLog()).toEqual(["rgreet 0.2.0"]);
    const formula = (await exec("git", ["--git-dir", tap, "show", "HEAD:Formula/rgreet.rb"])).stdout;
    expect(formula).toContain(`url "${gh.url}/acme/rgreet/releases/download/v0.2.0/${archive()?.path}"`);
    expect(formula).toContain(`sha256 "${archive()?.sha256}"`);
    expect(formula).toContain('desc "Prints a greeting.');
    expect(formula).toMatch(
      /test do\n\s+assert_match version.to_s, shell_output\("#\{bin\}\/rgreet --version"\)/,
    );
    const file = join(home, "rgreet.rb");
    await writeFile(file, formula);
    expect((await run("ruby", ["-c", file])).stdout).toContain("Syntax OK");
    // the token reached git only as an http.extraHeader in the environment: never in the log or the tap
    expect(output).not.toContain("tap-secret-token");
    expect(output).toMatch(/Pushed Formula\/rgreet.rb \(0.2.0\) to the Homebrew tap acme\/homebrew-tap/);
    // verifyRelease logged the preview before the build
    expect(output).toContain(`install.sh: Linux and macOS; ${HOST}`);
    expect(output).toContain(
      "Would push Formula/rgreet.rb to the tap acme/homebrew-tap at the end of publish",
    );
  });

  it("gives the release notes' Install section a line per installer", async () => {
    const ctx = stepContext(repo.cwd, "0.2.0");
    expect(await installerNoteLines(ctx)).toEqual([
      `- Linux and macOS: \`curl -fsSL ${gh.url}/acme/rgreet/releases/download/v0.2.0/install.sh | sh\``,
      "- Homebrew: `brew install acme/tap/rgreet`",
    ]);
  });

  it("shows its part of the release plan (semantic-release-rust plan, preview)", async () => {
    const listed = plugins.map((entry) => {
      const [name, options] = (Array.isArray(entry) ? entry : [entry, {}]) as [
        string,
        Record<string, unknown>,
      ];
      const pluginConfig = { repositoryUrl: PUBLIC, ...options };
      return { name, options, entry: entry as string, pluginConfig };
    });
    const plan = await planRelease({
      cwd: repo.cwd,
      env: { ...process.env, ...env() },
      rc: { file: ".releaserc.json", globals: { repositoryUrl: PUBLIC }, plugins: listed },
      version: "0.3.0",
      log: () => undefined,
    });
    const part = plan.plugins.find((p) => p.plugin === "semantic-release-rust/installers");
    expect(part?.status, JSON.stringify(part?.problems)).toBe("ok");
    expect(part?.lines).toContain(`  install.sh: Linux and macOS; ${HOST}`);
    expect(part?.lines).toContain(
      `Would upload install.sh with the release: ${gh.url}/acme/rgreet/releases/download/v0.3.0/install.sh`,
    );
  });

  it("publishing again leaves the tap as it is: no empty commit", async () => {
    const ctx = stepContext(repo.cwd, "0.2.0");
    await publish(installersConfig(), ctx);
    expect(await tapLog()).toEqual(["rgreet 0.2.0"]);
    expect(ctx.lines.join("\n")).toMatch(/already has Formula\/rgreet.rb of 0.2.0: nothing to push/);
  });

  it("follows the GitHub assets into success when @semantic-release/github is listed after semantic-release-rust/github", async () => {
    const upstreamAfter = [...plugins.slice(0, 5), "@semantic-release/github", plugins[5]];
    const ctx = {
      ...stepContext(repo.cwd, "0.2.0"),
      releases: [{ pluginName: "semantic-release-rust/github" }],
    };
    ctx.options = { repositoryUrl: PUBLIC, plugins: upstreamAfter };
    await publish(installersConfig(), ctx);
    expect(ctx.lines).toEqual([
      "The GitHub assets are uploaded in the success step: the Homebrew formula follows them there",
    ]);
    await success(installersConfig(), ctx);
    expect(ctx.lines.at(-1)).toMatch(/already has Formula\/rgreet.rb of 0.2.0: nothing to push/);
    expect(await tapLog()).toEqual(["rgreet 0.2.0"]);
  });

  it("install.sh downloads, verifies and installs the binary, which prints the version", async () => {
    const to = join(home, "tools bin");
    const r = await run("sh", [installSh(), "--to", to]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Verified the SHA-256 of ${archive()?.path}`);
    expect(r.stdout).toContain(`Installed rgreet 0.2.0 (${HOST}) into ${to}: rgreet`);
    expect(r.stdout).toContain(`export PATH="${to}:$PATH"`);
    const version = await exec(join(to, "rgreet"), ["--version"]);
    expect(version.stdout).toContain("0.2.0");
  });

  it("installs into ~/.local/bin by default, or RGREET_INSTALL_DIR", async () => {
    expect((await run("sh", [installSh()])).code).toBe(0);
    expect(await readdir(join(home, ".local", "bin"))).toEqual(["rgreet"]);
    const dir = join(home, "from-env");
    expect((await run("sh", [installSh()], { RGREET_INSTALL_DIR: dir })).code).toBe(0);
    expect(await readdir(dir)).toEqual(["rgreet"]);
  });

  it("refuses a tampered archive from a mirror (RGREET_DOWNLOAD_URL): non-zero, nothing installed", async () => {
    const file = archive()?.path ?? "";
    const bytes = await readFile(join(repo.cwd, "dist", file));
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 10) ^ 0xff, bytes.length - 10);
    const mirror = await serve({ [`/mirror/${file}`]: bytes });
    try {
      const to = join(home, "tampered");
      const r = await run("sh", [installSh(), "--to", to], { RGREET_DOWNLOAD_URL: `${mirror.url}/mirror` });
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(
        /has SHA-256 [0-9a-f]{64}, but this release published .*Nothing was installed/,
      );
      expect(mirror.requests).toContain(`/mirror/${file}`);
      expect(await readdir(to).catch(() => [])).toEqual([]);
    } finally {
      mirror.server.close();
    }
  });

  it("checks a published .minisig with the minisign key, and refuses a bad signature", async () => {
    const keys = await mkdtemp(join(home, "minisign-"));
    const [pub, sec] = [join(keys, "k.pub"), join(keys, "k.sec")];
    await exec("minisign", ["-G", "-W", "-p", pub, "-s", sec]);
    const file = archive()?.path ?? "";
    const bytes = await readFile(join(repo.cwd, "dist", file));
    const signed = async (data: Buffer) => {
      await writeFile(join(keys, "data"), data);
      await exec("minisign", ["-S", "-s", sec, "-m", join(keys, "data"), "-x", join(keys, "data.minisig")]);
      return readFile(join(keys, "data.minisig"));
    };
    const key = (await readFile(pub, "utf8")).split("\n")[1] ?? "";
    const good = await serve({ [`/m/${file}`]: bytes, [`/m/${file}.minisig`]: await signed(bytes) });
    const bad = await serve({
      [`/m/${file}`]: bytes,
      [`/m/${file}.minisig`]: await signed(Buffer.from("other")),
    });
    try {
      const ok = await run("sh", [installSh(), "--to", join(home, "signed")], {
        RGREET_DOWNLOAD_URL: `${good.url}/m`,
        RGREET_MINISIGN_KEY: key,
      });
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.stdout).toContain(`Verified the minisign signature of ${file}`);
      const to = join(home, "badly-signed");
      const refused = await run("sh", [installSh(), "--to", to], {
        RGREET_DOWNLOAD_URL: `${bad.url}/m`,
        RGREET_MINISIGN_KEY: key,
      });
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toContain(
        `the minisign signature of ${file} does not match: nothing was installed`,
      );
      expect(await readdir(to).catch(() => [])).toEqual([]);
    } finally {
      good.server.close();
      bad.server.close();
    }
  });

  it("checks a published .asc with the user's gpg keyring: a bad signature is refused, an unknown key is said", async () => {
    const signer = await mkdtemp(join(home, "gpg-"));
    const gpg = (...args: string[]) =>
      exec("gpg", ["--batch", ...args], { env: { ...process.env, GNUPGHOME: signer } });
    await gpg("--passphrase", "", "--quick-gen-key", "t <t@t>", "ed25519", "sign", "1d");
    const file = archive()?.path ?? "";
    const bytes = await readFile(join(repo.cwd, "dist", file));
    await writeFile(join(signer, "other"), "other bytes");
    await gpg("--detach-sign", "--armor", "-o", join(signer, "bad.asc"), join(signer, "other"));
    const mirror = await serve({
      [`/m/${file}`]: bytes,
      [`/m/${file}.asc`]: await readFile(join(signer, "bad.asc")),
    });
    try {
      const refused = await run("sh", [installSh(), "--to", join(home, "gpg-bad")], {
        RGREET_DOWNLOAD_URL: `${mirror.url}/m`,
        GNUPGHOME: signer,
      });
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toContain(`BAD GPG signature on ${file}: nothing was installed`);
      const stranger = await mkdtemp(join(home, "gpg-empty-"));
      await chmod(stranger, 0o700);
      const unknown = await run("sh", [installSh(), "--to", join(home, "gpg-unknown")], {
        RGREET_DOWNLOAD_URL: `${mirror.url}/m`,
        GNUPGHOME: stranger,
      });
      expect(unknown.code, unknown.stderr).toBe(0);
      expect(unknown.stdout).toContain(
        `${file}.asc not checked: gpg cannot (is the signing key in your keyring?)`,
      );
    } finally {
      mirror.server.close();
      // gpg started an agent for each home folder: stop them
      for (const dir of [
        signer,
        ...(await readdir(home)).filter((d) => d.startsWith("gpg-empty-")).map((d) => join(home, d)),
      ])
        await exec("gpgconf", ["--kill", "all"], { env: { ...process.env, GNUPGHOME: dir }, reject: false });
    }
  });

  it("fails with a clear message on a platform the release has no build for", async () => {
    const shim = join(home, "shim");
    await mkdir(shim, { recursive: true });
    await writeFile(
      join(shim, "uname"),
      '#!/bin/sh\ncase "$1" in -s) echo Plan9 ;; -m) echo mips ;; *) echo Plan9 ;; esac\n',
    );
    await chmod(join(shim, "uname"), 0o755);
    const to = join(home, "unknown");
    const r = await run("sh", [installSh(), "--to", to], { PATH: `${shim}:${process.env.PATH}` });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("no rgreet 0.2.0 build for this platform (Plan9 mips");
    expect(r.stderr).toContain(`This release has builds for: ${HOST}`);
    expect(await readdir(to).catch(() => [])).toEqual([]);
  });

  it("shellcheck finds nothing in the generated install.sh", async () => {
    const r = await run("shellcheck", ["--shell=sh", installSh()]);
    expect(r.stdout + r.stderr).toBe("");
    expect(r.code).toBe(0);
  });

  it("does not push a formula whose archives do not download with their sha256 (EFORMULAASSETS)", async () => {
    const cwd = await mkdtemp(join(tmpdir(), "srr-formula-"));
    const text = (await readFile(join(repo.cwd, "dist", "homebrew", "rgreet.rb"), "utf8")).replace(
      "/v0.2.0/",
      "/v0.3.0/",
    );
    const { sha256 } = await import("../../src/util/atomic-write.js");
    await mkdir(join(cwd, "dist", "homebrew"), { recursive: true });
    await writeFile(join(cwd, "dist", "homebrew", "rgreet.rb"), text);
    const artifacts = [
      { path: "homebrew/rgreet.rb", kind: "formula", size: text.length, sha256: sha256(text) },
    ];
    await writeFile(
      join(cwd, "dist", "manifest.json"),
      JSON.stringify({ schemaVersion: 1, version: "0.3.0", artifacts }),
    );
    const ctx = stepContext(cwd, "0.3.0");
    const error = await rejection(publish(installersConfig(), ctx));
    expect(errorCodes(error)).toEqual(["EFORMULAASSETS"]);
    expect((error as Error & { details: string }).details).toContain("HTTP 404");
    expect(await tapLog()).toEqual(["rgreet 0.2.0"]);
    await rm(cwd, { recursive: true, force: true });
  });
});

/** A static file server on 127.0.0.1 (a mirror); records the paths asked for. */
async function serve(files: Record<string, Buffer>) {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? "");
    const body = files[req.url ?? ""];
    if (!body) return void res.writeHead(404).end("Not Found");
    res.writeHead(200, { "content-length": body.length }).end(body);
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  return { server, requests, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
