import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exec } from "../../src/util/exec.js";
import { sharedTargetDir } from "../helpers/cargo-env.js";
import { HOST } from "../helpers/cross-toolchain.js";
import { git, gitCommit, gitEnv, initExamplesRepo, remoteTags, type TestRepo } from "../helpers/git-utils.js";
import { repoRoot } from "../helpers/paths.js";
import { releasePlugins } from "../helpers/release-plugins.js";
import { startGitHubStandIn, type GitHubStandIn } from "../stand-ins/github-server.js";

/**
 * What a team gets from `npm install --save-dev semantic-release semantic-release-rust`: the package is packed by
 * `npm pack` in a fresh copy of this repository (no dist/, so `prepare` builds it, as an install from the git URL
 * does), extracted into a Rust project's node_modules with the real `tar`, and semantic-release releases the
 * project through it. This machine is offline and npm's cache holds no package metadata, so the dependencies are
 * not installed by npm: the packed package.json's `dependencies` (and semantic-release, its peer, with the
 * plugins the config lists) are linked from this repository's node_modules — only those, so an import of a
 * package the manifest does not declare fails here as it would for a user.
 */

const PUBLIC_URL = "https://github.com/acme/rgreet.git";
const dirs: string[] = [];
let gh: GitHubStandIn;
let tarball: string;
let packed: { name: string; bin: Record<string, string>; dependencies: Record<string, string> } & {
  exports: Record<string, { import?: string } | string>;
};
let files: string[];

afterAll(async () => {
  await gh?.stop();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

const temp = async (prefix: string) => {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};

/** The working tree's files as a fresh clone would have them (tracked and new, nothing ignored, no build). */
async function freshCopy(): Promise<string> {
  const dir = await temp("srr-fresh-");
  const { stdout } = await exec("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: repoRoot,
  });
  const paths = [...new Set(stdout.split("\0"))].filter((p) => p !== "" && p !== "node_modules");
  for (const p of paths) {
    await mkdir(dirname(join(dir, p)), { recursive: true });
    await cp(join(repoRoot, p), join(dir, p), { verbatimSymlinks: true }).catch(
      (e: NodeJS.ErrnoException) => {
        if (e.code !== "ENOENT") throw e; // deleted in the working tree, not yet committed
      },
    );
  }
  await symlink(join(repoRoot, "node_modules"), join(dir, "node_modules"), "dir");
  return dir;
}

beforeAll(async () => {
  gh = await startGitHubStandIn();
  const fresh = await freshCopy();
  const out = await temp("srr-pack-");
  // `npm pack` runs `prepare` (tsc) in the copy, which has no dist/ yet.
  const { stdout } = await exec("npm", ["pack", "--json", "--pack-destination", out], { cwd: fresh });
  const [info] = JSON.parse(stdout.slice(stdout.indexOf("["))) as {
    filename: string;
    files: { path: string }[];
  }[];
  if (!info) throw new Error(`npm pack said nothing: ${stdout}`);
  tarball = join(out, info.filename);
  files = info.files.map((f) => f.path).sort();
  const pkg = await exec("tar", ["-xOzf", tarball, "package/package.json"]);
  packed = JSON.parse(pkg.stdout) as typeof packed;
}, 600_000);

/** A Rust project (examples/) with a package.json and node_modules holding the packed package. */
async function projectWithPackage(): Promise<TestRepo> {
  const repo = await initExamplesRepo({ publicUrl: PUBLIC_URL });
  dirs.push(repo.base);
  await rm(join(repo.base, "node_modules"), { recursive: true }); // the test repos' link to this checkout
  // A user's clone has GitHub as origin; git's insteadOf rule sends its pushes to the bare remote.
  await git(repo.cwd, "remote", "set-url", "origin", PUBLIC_URL);
  const modules = join(repo.cwd, "node_modules");
  await mkdir(join(modules, packed.name), { recursive: true });
  await exec("tar", ["-xzf", tarball, "--strip-components=1", "-C", join(modules, packed.name)]);
  const links = [...Object.keys(packed.dependencies), "semantic-release", "@semantic-release/git"];
  for (const dep of links) {
    await mkdir(dirname(join(modules, dep)), { recursive: true });
    await symlink(join(repoRoot, "node_modules", dep), join(modules, dep), "dir");
  }
  // The bin links npm makes.
  await mkdir(join(modules, ".bin"));
  await symlink("../semantic-release/bin/semantic-release.js", join(modules, ".bin/semantic-release"));
  for (const [bin, path] of Object.entries(packed.bin)) {
    await symlink(join("..", packed.name, path), join(modules, ".bin", bin));
    await exec("chmod", ["+x", join(modules, packed.name, path)]);
  }
  const devDependencies = { "semantic-release": "^24", [packed.name]: `file:${tarball}` };
  await writeFile(
    join(repo.cwd, "package.json"),
    `${JSON.stringify({ private: true, devDependencies }, null, 2)}\n`,
  );
  await writeFile(join(repo.cwd, ".gitignore"), "/target\n/dist\n/node_modules\n");
  await writeFile(join(repo.cwd, ".releaserc.json"), `${JSON.stringify(releaseConfig, null, 2)}\n`);
  await gitCommit(repo.cwd, "chore: release with semantic-release-rust");
  await git(repo.cwd, "push", "-q", "origin", "main");
  return repo;
}

const releaseConfig = {
  branches: ["main"],
  plugins: releasePlugins([
    ["semantic-release-rust/binaries", { targets: [HOST] }],
    "semantic-release-rust/github",
  ]),
};

describe("the packed package, installed into a Rust project", () => {
  it("holds the built entry points and the docs, and no tests", () => {
    expect(files).toEqual(expect.arrayContaining(["package.json", "README.md", "LICENSE"]));
    for (const path of Object.values(packed.bin)) expect(files).toContain(path.replace(/^\.\//, ""));
    for (const target of Object.values(packed.exports)) {
      const file = typeof target === "string" ? target : target.import;
      if (file?.endsWith(".js")) expect(files).toContain(file.replace(/^\.\//, ""));
    }
    expect(files.filter((f) => /(^|\/)test\/|\.test\.|\.ts$/.test(f) && !f.endsWith(".d.ts"))).toEqual([]);
  });

  it("releases examples/ with `npx semantic-release`: bumped, built, tagged, uploaded", async () => {
    const repo = await projectWithPackage();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...gitEnv,
      ...gh.env(),
      CARGO_TARGET_DIR: join(sharedTargetDir, "npm-pack-install"),
      npm_config_offline: "true",
    };
    for (const k of ["CI", "GITHUB_ACTIONS", "GITHUB_EVENT_NAME", "GITHUB_REF"]) delete env[k];

    // The CLI through the bin link npm makes.
    const plan = await exec("npx", ["semantic-release-rust", "plan"], { cwd: repo.cwd, env });
    expect(plan.stdout).toContain("Plan for 0.2.0 (v0.2.0)");

    const run = await exec("npx", ["semantic-release", "--no-ci"], { cwd: repo.cwd, env, reject: false });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Loaded plugin "prepare" from "semantic-release-rust\/binaries"/);
    expect(await remoteTags(repo.remote)).toEqual(["v0.1.0", "v0.2.0"]);

    const archive = `rgreet-v0.2.0-${HOST}.tar.gz`;
    const release = gh.state.releaseByTag("acme", "rgreet", "v0.2.0", true);
    expect(release?.draft).toBe(false);
    const asset = gh.state.assetsOf(release?.id ?? -1).find((a) => a.name === archive);
    const manifest = JSON.parse(await readFile(join(repo.cwd, "dist/manifest.json"), "utf8")) as {
      artifacts: { path: string; sha256: string }[];
    };
    const built = manifest.artifacts.find((a) => a.path === archive);
    expect(asset?.digest).toBe(`sha256:${built?.sha256}`);

    const out = await temp("srr-unpacked-");
    await exec("tar", ["-xzf", join(repo.cwd, "dist", archive), "-C", out]);
    const version = await exec(join(out, `rgreet-v0.2.0-${HOST}`, "bin/rgreet"), ["--version"]);
    expect(version.stdout).toContain("rgreet 0.2.0");
    expect(version.stdout).toContain(`commit: ${await git(repo.remote, "rev-list", "-n", "1", "v0.2.0")}`);
  });
});
