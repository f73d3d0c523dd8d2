import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { exec } from "../../src/util/exec.js";
import { git, gitCommit, gitRepo, type TestRepo } from "./git-utils.js";

/** How many crates the generated workspace has: the root `nu` package and 43 members, as nushell. */
export const CRATE_COUNT = 44;

/** The public URL in `.releaserc.json`; git in the clone rewrites it to the bare remote. */
export const BIG_REPOSITORY_URL = "https://github.com/acme/nu.git";

/** The binaries plugin's targets, built by matrix jobs (`prebuilt`): no toolchain for them is needed here. */
const TARGETS = [
  "x86_64-unknown-linux-gnu",
  "aarch64-unknown-linux-gnu",
  "x86_64-pc-windows-msvc",
  "aarch64-apple-darwin",
];

/** The release config: the bundle's plugins (cargo, binaries, crates, github) after the commit analyzer. */
export const BIG_PLUGINS = [
  "@semantic-release/commit-analyzer",
  "semantic-release-rust",
  ["semantic-release-rust/binaries", { targets: TARGETS, prebuilt: "prebuilt" }],
  "semantic-release-rust/crates",
  ["semantic-release-rust/github", { assets: ["LICENSE"] }],
];

/** A generated crate: its name and the crates of the workspace it depends on (path dependencies). */
export interface BigCrate {
  name: string;
  dependsOn: string[];
}

/**
 * The 44 crates, deterministic: member `i` (1..43) depends on members `i - 1` and `i - 3` when they exist and on
 * member `i - 7` as a dev-dependency; names run against that order (`nu-z43` is published first), so workspace
 * order and name order both differ from the publish order. The root `nu` depends on every fifth member.
 */
export function bigCrates(): BigCrate[] {
  const member = (i: number) => `nu-${String.fromCharCode(97 + 25 - (i % 26))}${String(i).padStart(2, "0")}`;
  const members = Array.from({ length: CRATE_COUNT - 1 }, (_, k) => k + 1).map((i) => ({
    name: member(i),
    dependsOn: [i - 1, i - 3].filter((d) => d >= 1).map(member),
  }));
  const root = { name: "nu", dependsOn: members.filter((_, k) => k % 5 === 4).map((m) => m.name) };
  return [root, ...members];
}

/** The root manifest: `[workspace.package]` version, every member a workspace dependency by path. */
function rootManifest(crates: BigCrate[], version: string): string {
  const [root, ...members] = crates;
  return [
    "[workspace]",
    `members = [${members.map((m) => `"crates/${m.name}"`).join(", ")}]`,
    'resolver = "2"',
    "",
    "[workspace.package]",
    `version = "${version}"`,
    'edition = "2021"',
    'license = "MIT"',
    `repository = "${BIG_REPOSITORY_URL.replace(/\.git$/, "")}"`,
    "",
    "[workspace.dependencies]",
    ...members.map((m) => `${m.name} = { path = "crates/${m.name}", version = "${version}" }`),
    "",
    ...packageSection(root!, "A shell"),
    "",
    "[[bin]]",
    'name = "nu"',
    'path = "src/main.rs"',
    "",
  ].join("\n");
}

/** `[package]` inheriting from the workspace, and the workspace dependencies. */
function packageSection(c: BigCrate, description: string, devDependency?: string): string[] {
  return [
    "[package]",
    `name = "${c.name}"`,
    "version.workspace = true",
    "edition.workspace = true",
    "license.workspace = true",
    "repository.workspace = true",
    `description = "${description}"`,
    "",
    "[dependencies]",
    ...c.dependsOn.map((d) => `${d}.workspace = true`),
    ...(devDependency ? ["", "[dev-dependencies]", `${devDependency}.workspace = true`] : []),
  ];
}

/** Writes the workspace (manifests, sources, `Cargo.lock`) into `cwd`. */
export async function writeBigWorkspace(cwd: string, version = "0.1.0"): Promise<BigCrate[]> {
  const crates = bigCrates();
  const [root, ...members] = crates;
  await mkdir(join(cwd, "src"), { recursive: true });
  await writeFile(join(cwd, "Cargo.toml"), rootManifest(crates, version));
  await writeFile(join(cwd, "src/main.rs"), "fn main() {}\n");
  await writeFile(join(cwd, "LICENSE"), "MIT\n");
  await writeFile(join(cwd, ".gitignore"), "/target\n/dist\n");
  for (const [k, m] of members.entries()) {
    const dir = join(cwd, "crates", m.name);
    await mkdir(join(dir, "src"), { recursive: true });
    const dev = k >= 7 ? members[k - 7]!.name : undefined;
    await writeFile(join(dir, "Cargo.toml"), `${packageSection(m, `Part ${k + 1}`, dev).join("\n")}\n`);
    await writeFile(join(dir, "src/lib.rs"), `pub fn part() -> u32 {\n    ${k + 1}\n}\n`);
  }
  await exec("cargo", ["generate-lockfile", "--offline"], { cwd });
  return [root!, ...members];
}

/**
 * A repository with a bare remote holding the 44-crate workspace: `.releaserc.json` with `BIG_PLUGINS`, tagged
 * `v0.1.0` and pushed, then on `main` a `fix:`, a `feat:` and a `docs:` commit, not pushed (what a merge would
 * add: `preview` reads them from `origin/main`, `semantic-release` from the local branch): the next release is 0.2.0.
 */
export async function bigWorkspaceRepo(): Promise<TestRepo & { crates: BigCrate[] }> {
  const repo = await gitRepo();
  await git(repo.cwd, "config", `url.${repo.repositoryUrl}.insteadOf`, BIG_REPOSITORY_URL);
  const crates = await writeBigWorkspace(repo.cwd);
  const rc = { repositoryUrl: BIG_REPOSITORY_URL, branches: ["main"], plugins: BIG_PLUGINS };
  await writeFile(join(repo.cwd, ".releaserc.json"), `${JSON.stringify(rc, null, 2)}\n`);
  await gitCommit(repo.cwd, "chore: initial import");
  await git(repo.cwd, "tag", "v0.1.0");
  await git(repo.cwd, "push", "-q", "origin", "main", "--tags");
  await writeFile(
    join(repo.cwd, "crates", crates[1]!.name, "src/lib.rs"),
    "pub fn part() -> u32 {\n    0\n}\n",
  );
  await gitCommit(repo.cwd, "fix(nu-z01): return zero");
  await writeFile(join(repo.cwd, "src/main.rs"), 'fn main() {\n    println!("nu");\n}\n');
  await gitCommit(repo.cwd, "feat: print the name");
  await gitCommit(repo.cwd, "docs: nothing to release");
  return { ...repo, repositoryUrl: BIG_REPOSITORY_URL, crates };
}
