import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { exec } from "../../src/util/exec.js";
import { gitEnv } from "./git-utils.js";

/** A fixed release time for archives: 2023-11-14T22:13:20Z. */
export const EPOCH = 1_700_000_000;

/** A new temp folder and its cleanup. */
export async function tempDir(
  prefix = "srr-archive-",
): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Writes files under `dir`; paths ending in `.sh` or listed in `executables` get mode 0755. */
export async function writeFiles(
  dir: string,
  files: Record<string, string>,
  executables: string[] = [],
): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    const full = join(dir, path);
    await mkdir(dirname(full), { recursive: true });
    await writeFile(full, text);
    await chmod(full, path.endsWith(".sh") || executables.includes(path) ? 0o755 : 0o644);
  }
}

/** A tiny shell script standing in for a built binary: prints `<name> <version>` for `--version`, else greets. */
export async function fakeBinary(dir: string, name: string, version = "1.2.3"): Promise<string> {
  const path = join(dir, "build", name);
  await writeFiles(
    dir,
    {
      [`build/${name}`]: `#!/bin/sh\nif [ "$1" = --version ]; then echo "${name} ${version}"; else echo "hello from ${name} $*"; fi\n`,
    },
    [`build/${name}`],
  );
  return path;
}

/** Environment for git in fixtures whose files a test hands to another owner (`chown`): trust every folder. */
export const anyOwnerGitEnv: NodeJS.ProcessEnv = {
  ...process.env,
  ...gitEnv,
  GIT_CONFIG_COUNT: "1",
  GIT_CONFIG_KEY_0: "safe.directory",
  GIT_CONFIG_VALUE_0: "*",
};

/** Commits everything under `dir` (a git repo is created there first if needed): archives package `HEAD`. */
export async function commitAll(dir: string, message = "test: fixture"): Promise<void> {
  const env = { ...anyOwnerGitEnv, GIT_CEILING_DIRECTORIES: dirname(dir) };
  if ((await exec("git", ["rev-parse", "--show-toplevel"], { cwd: dir, env, reject: false })).code !== 0)
    await exec("git", ["init", "-q", "-b", "main"], { cwd: dir, env });
  await exec("git", ["add", "-A"], { cwd: dir, env });
  await exec("git", ["commit", "-q", "--allow-empty", "-m", message], { cwd: dir, env });
}

/**
 * A committed workspace like examples/: README, LICENSE, CHANGELOG, a demo script calling ./target/release/<bin>,
 * configs (a git repo at `dir`, with every file of `dir` committed).
 */
export async function fakeWorkspace(dir: string, bin: string): Promise<void> {
  await writeFiles(dir, {
    "README.md": "# demo\n",
    "LICENSE-MIT": "MIT\n",
    "CHANGELOG.md": "## 1.2.3\n",
    "demo/run-demo.sh": `#!/bin/sh\nset -eu\ncd "$(dirname "$0")/.."\n./target/release/${bin} --version\n./target/release/${bin} --config configs/app.conf\n`,
    "configs/app.conf": "greeting = hi\n",
    "docs/user/guide.md": "# guide\n",
    "docs/user/faq.md": "# faq\n",
    "docs/internal/notes.txt": "internal\n",
  });
  await commitAll(dir);
}

/** Runs a program (argv array) and returns its stdout; `env` adds to the current environment. */
export async function run(
  file: string,
  args: string[],
  opts: { cwd?: string; env?: Record<string, string> } = {},
): Promise<string> {
  const result = await exec(file, args, { cwd: opts.cwd, env: { ...process.env, ...opts.env } });
  return result.stdout;
}

/** One line of `tar -tvf --full-time` in UTC: mode, owner, size, date, name, link target. */
export interface TarListing {
  mode: string;
  owner: string;
  size: number;
  time: string;
  name: string;
  link?: string;
}

/** Lists a tar archive with GNU tar (any compression it detects). */
export async function listTar(archive: string, extra: string[] = []): Promise<TarListing[]> {
  const out = await run("tar", [...extra, "--full-time", "-tvf", archive], { env: { TZ: "UTC" } });
  return out
    .trim()
    .split("\n")
    .map((line) => {
      const m = /^(\S+) (\S+)\s+(\d+) (\S+ \S+) (.*?)(?: -> (.*))?$/.exec(line);
      if (!m) throw new Error(`unexpected tar line: ${line}`);
      return {
        mode: m[1]!,
        owner: m[2]!,
        size: Number(m[3]),
        time: m[4]!,
        name: m[5]!,
        ...(m[6] ? { link: m[6] } : {}),
      };
    });
}
