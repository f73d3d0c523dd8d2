import { appendFile, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { sharedTargetDir } from "../helpers/cargo-env.js";
import { errorCodes, rejection } from "../helpers/context.js";
import { storedNames } from "../helpers/crates-setup.js";
import { git, initExamplesRepo, remoteTags, removeRepo, type TestRepo } from "../helpers/git-utils.js";
import { runRelease } from "../helpers/run-release.js";
import { startCratesSandbox, type CratesSandbox } from "../stand-ins/crates-env.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** examples/ in a repo with a pushed `v0.1.0` and a `feat:` commit, and a crates registry stand-in. */
async function setup(): Promise<{ repo: TestRepo; sandbox: CratesSandbox }> {
  const sandbox = await startCratesSandbox();
  const repo = await initExamplesRepo();
  cleanups.push(sandbox.stop, () => removeRepo(repo));
  return { repo, sandbox };
}

/**
 * A team's release without `@semantic-release/git`: the bump stays uncommitted in the working tree and no
 * `allowDirty` is set.
 */
const release = (repo: TestRepo, sandbox: CratesSandbox, core: Record<string, unknown> = {}) =>
  runRelease(repo.cwd, {
    repositoryUrl: repo.repositoryUrl,
    env: { ...sandbox.env, CARGO_TARGET_DIR: sharedTargetDir },
    plugins: [
      "@semantic-release/commit-analyzer",
      ["semantic-release-rust", core],
      ["semantic-release-rust/crates", sandbox.pluginConfig],
    ],
  });

describe("crates publish when the version bump is not committed back", () => {
  it("the bumped manifests and Cargo.lock are the only changes: packaged and published without allowDirty", async () => {
    const { repo, sandbox } = await setup();
    const { result, output } = await release(repo, sandbox);

    expect(result && result.nextRelease.version).toBe("0.2.0");
    expect(storedNames(sandbox)).toEqual(["rgreet-core@0.2.0", "rgreet@0.2.0"]);
    expect(await remoteTags(repo.remote)).toContain("v0.2.0");
    expect(output).toContain(
      "Packaging with --allow-dirty: the only uncommitted changes are the release's own",
    );
    // The release commit is the feat: commit; the bump lives only in the working tree and in the crates.
    expect(await git(repo.cwd, "log", "-1", "--format=%s")).toBe("feat: greet in more languages");
    expect(await git(repo.cwd, "status", "--porcelain")).toContain(" M Cargo.toml");
  });

  it("an updated changelog and an untracked file cargo does not package do not stop it either", async () => {
    const { repo, sandbox } = await setup();
    await writeFile(join(repo.cwd, "CHANGES.md"), "# Changes\n");
    await git(repo.cwd, "add", "CHANGES.md");
    await git(repo.cwd, "commit", "-q", "-m", "docs: changes file");
    await git(repo.cwd, "push", "-q", "origin", "main");
    // What a changelog plugin listed before would have written for this release.
    await appendFile(join(repo.cwd, "CHANGES.md"), "\n## 0.2.0\n\n- greet in more languages\n");
    // At the root of a virtual workspace: in no package, so cargo does not count it.
    await writeFile(join(repo.cwd, "release-notes.txt"), "scratch\n");

    const { result } = await release(repo, sandbox, { changelogFile: "CHANGES.md" });
    expect(result && result.nextRelease.version).toBe("0.2.0");
    expect(storedNames(sandbox)).toEqual(["rgreet-core@0.2.0", "rgreet@0.2.0"]);
  });

  it("another uncommitted change stops the release with cargo's message; nothing is published or tagged", async () => {
    const { repo, sandbox } = await setup();
    const main = join(repo.cwd, "crates/rgreet/src/main.rs");
    await writeFile(main, `${await readFile(main, "utf8")}// not committed\n`);

    const error = await rejection(release(repo, sandbox));
    expect(errorCodes(error)).toEqual(["ECARGOPACKAGE"]);
    const details = (error as { details: string }).details;
    expect(details).toContain("contain changes that were not yet committed into git");
    expect(details).toContain("crates/rgreet/src/main.rs");
    expect(details).toContain("pass the `--allow-dirty` flag");
    expect(sandbox.registry.publishAttempts).toEqual([]);
    expect(await remoteTags(repo.remote)).not.toContain("v0.2.0");
  });

  it("an untracked file inside a package counts as cargo counts it", async () => {
    const { repo, sandbox } = await setup();
    await writeFile(join(repo.cwd, "crates/rgreet-core/notes.txt"), "packaged if not committed\n");

    const error = await rejection(release(repo, sandbox));
    expect(errorCodes(error)).toEqual(["ECARGOPACKAGE"]);
    expect((error as { details: string }).details).toContain("crates/rgreet-core/notes.txt");
    expect(sandbox.registry.publishAttempts).toEqual([]);
  });
});
