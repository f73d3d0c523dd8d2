import { CARGO_PLUGIN } from "../plugins.js";
import { readdir } from "node:fs/promises";
import { isAbsolute, join, resolve } from "node:path";
import type { Workspace } from "../cargo/workspace.js";
import { exec } from "../util/exec.js";
import { git } from "./run.js";

/** A file tracked by git in `HEAD`, as `git ls-tree` reports it. */
interface TrackedFile {
  /** Absolute path on disk. */
  path: string;
  /** Path relative to the folder that was listed, with `/` separators. */
  rel: string;
  /** `100644` (file), `100755` (executable), `120000` (symlink); submodules (`160000`) are left out. */
  mode: "100644" | "100755" | "120000";
  /** The blob's object id in `HEAD`. */
  oid: string;
}

/** The repository's top folder (`git rev-parse --show-toplevel`). */
async function repoTopLevel(dir: string, env: NodeJS.ProcessEnv): Promise<string> {
  return git({ cwd: dir, env }, "rev-parse", "--show-toplevel");
}

/**
 * Every file of `HEAD` under `dir` (recursively), from `git ls-tree -r -z --full-tree`: what the release commit
 * contains, whatever is on disk. Read-only.
 */
export async function trackedFiles(dir: string, env: NodeJS.ProcessEnv): Promise<TrackedFile[]> {
  const top = await repoTopLevel(dir, env);
  const prefix = await git({ cwd: dir, env }, "rev-parse", "--show-prefix");
  const { stdout } = await exec("git", ["ls-tree", "-r", "-z", "--full-tree", "HEAD", "--", "."], {
    cwd: dir,
    env,
  });
  const files: TrackedFile[] = [];
  for (const record of stdout.split("\0")) {
    if (record === "") continue;
    const tab = record.indexOf("\t");
    const [mode, type, oid] = record.slice(0, tab).split(" ");
    const full = record.slice(tab + 1);
    if (type !== "blob" || !full.startsWith(prefix)) continue;
    if (mode !== "100644" && mode !== "100755" && mode !== "120000") continue;
    files.push({ path: join(top, full), rel: full.slice(prefix.length), mode, oid: oid ?? "" });
  }
  return files;
}

/**
 * Absolute paths of the tracked files whose content on disk differs from `HEAD` (modified, deleted, type
 * changed), from `git status --porcelain=v1 -z --untracked-files=no`. Read-only.
 */
export async function modifiedTrackedFiles(dir: string, env: NodeJS.ProcessEnv): Promise<string[]> {
  const top = await repoTopLevel(dir, env);
  const { stdout } = await exec(
    "git",
    ["status", "--porcelain=v1", "-z", "--untracked-files=no", "--ignore-submodules=all"],
    { cwd: dir, env },
  );
  const paths: string[] = [];
  const records = stdout.split("\0");
  for (let i = 0; i < records.length; i++) {
    const record = records[i] ?? "";
    if (record.length < 4) continue;
    const status = record.slice(0, 2);
    paths.push(join(top, record.slice(3)));
    // A rename or copy is followed by its source path in the next record.
    if (status.includes("R") || status.includes("C")) paths.push(join(top, records[++i] ?? ""));
  }
  return paths;
}

/**
 * The files a release's own prepare steps write, which may therefore differ from `HEAD` when the bump is not
 * committed back: every manifest of the workspace, `Cargo.lock`, `CHANGELOG*` at the workspace root and the
 * `changelogFile` of the core plugin (relative to `cwd`, the repository root). Absolute paths.
 */
export async function releaseWrittenFiles(
  workspace: Pick<Workspace, "root" | "rootManifest" | "members">,
  o: { cwd: string; changelogFile?: string | undefined },
): Promise<Set<string>> {
  const files = new Set<string>([
    workspace.rootManifest,
    ...workspace.members.map((m) => m.manifestPath),
    join(workspace.root, "Cargo.lock"),
  ]);
  const names = await readdir(workspace.root).catch(() => [] as string[]);
  for (const name of names) if (/^changelog/i.test(name)) files.add(join(workspace.root, name));
  if (o.changelogFile)
    files.add(isAbsolute(o.changelogFile) ? o.changelogFile : resolve(o.cwd, o.changelogFile));
  return files;
}

/** The core plugin's `changelogFile` option, read from the release config semantic-release passed on. */
export function changelogFileOf(options: { plugins?: unknown[] } | undefined): string | undefined {
  for (const entry of options?.plugins ?? []) {
    if (!Array.isArray(entry) || entry[0] !== CARGO_PLUGIN) continue;
    const file = (entry[1] as { changelogFile?: unknown } | undefined)?.changelogFile;
    if (typeof file === "string" && file.length > 0) return file;
  }
  return undefined;
}

/**
 * Absolute paths of the untracked files under `dir` that git does not ignore (`.gitignore`, `.git/info/exclude`,
 * `core.excludesFile`), from `git ls-files --others --exclude-standard -z`: what cargo packages along with the
 * tracked files. Read-only.
 */
export async function untrackedFiles(dir: string, env: NodeJS.ProcessEnv): Promise<string[]> {
  const top = await repoTopLevel(dir, env);
  const { stdout } = await exec("git", ["ls-files", "--others", "--exclude-standard", "-z", "--full-name"], {
    cwd: dir,
    env,
  });
  return stdout
    .split("\0")
    .filter((p) => p !== "")
    .map((p) => join(top, p));
}

/** The contents of blobs (link targets) by object id, in the given order. Read-only. */
export async function linkTargets(
  dir: string,
  env: NodeJS.ProcessEnv,
  oids: readonly string[],
): Promise<string[]> {
  return Promise.all(
    oids.map(async (oid) => (await exec("git", ["cat-file", "blob", oid], { cwd: dir, env })).stdout),
  );
}
