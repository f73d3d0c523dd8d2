import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exec } from "../../src/util/exec.js";
import { git, gitCommit, gitEnv, gitRepo, removeRepo, type TestRepo } from "../helpers/git-utils.js";
import { resumeCli } from "../helpers/resume-release.js";

/** A `.releaserc.json` whose values would make git run `touch <marker>` if given to it as options. */
describe("resume refuses values that git would read as options, before running any command", () => {
  let repo: TestRepo;
  let marker: string;
  let hostile: string;

  const releaserc = (extra: Record<string, unknown>) =>
    writeFile(
      join(repo.cwd, ".releaserc.json"),
      `${JSON.stringify({ branches: ["main"], plugins: ["semantic-release-rust"], ...extra }, null, 2)}\n`,
    );
  const resume = (...args: string[]) => resumeCli(repo.cwd, args, gitEnv);
  /** Everything a run could change here: the work tree (ignored files too), the refs, the remote's refs. */
  const state = async () => ({
    status: await git(repo.cwd, "status", "--porcelain", "--ignored"),
    refs: await git(repo.cwd, "for-each-ref"),
    remote: await git(repo.remote, "for-each-ref"),
  });

  beforeAll(async () => {
    repo = await gitRepo();
    marker = join(repo.base, "PWNED");
    hostile = `--upload-pack=touch ${marker};false`;
    await writeFile(join(repo.cwd, "lib.rs"), "");
    await writeFile(join(repo.cwd, ".gitignore"), "/target\n");
    await writeFile(
      join(repo.cwd, "Cargo.toml"),
      '[package]\nname = "app"\nversion = "1.0.0"\nedition = "2021"\n\n[lib]\npath = "lib.rs"\n',
    );
    await releaserc({ repositoryUrl: hostile });
    await gitCommit(repo.cwd, "chore: release 1.0.0");
    await git(repo.cwd, "tag", "v1.0.0");
    await git(repo.cwd, "push", "-q", "origin", "main", "v1.0.0");
  });
  afterAll(async () => {
    if (repo) await removeRepo(repo);
  });

  it("the value is a real attack: git given it as an option runs the command", async () => {
    const control = join(repo.base, "CONTROL");
    await exec("git", ["ls-remote", "--tags", `--upload-pack=touch ${control};false`, "origin"], {
      cwd: repo.cwd,
      reject: false,
    });
    expect(existsSync(control)).toBe(true);
  });

  it.each([[[]], [["--dry-run"]]])(
    "a repositoryUrl beginning with `-`: EOPTIONINJECTION, exit 2, nothing run (%j)",
    async (extra) => {
      const before = await state();
      const r = await resume("--tag", "v1.0.0", ...extra);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("EOPTIONINJECTION");
      expect(r.stderr).toContain(`The repository URL \`${hostile}\` (repositoryUrl in .releaserc.json)`);
      expect(r.stdout).toBe("");
      expect(existsSync(marker)).toBe(false);
      expect(await state()).toEqual(before);
    },
  );

  it.each([[[]], [["--dry-run"]]])(
    "a tag or a channel beginning with `-`: EOPTIONINJECTION, exit 2, nothing run (%j)",
    async (extra) => {
      for (const args of [
        ["--tag", hostile],
        [`--tag=${hostile}`],
        ["--tag", "v1.0.0", "--channel", hostile],
      ]) {
        const r = await resume(...args, ...extra);
        expect(r.code).toBe(2);
        expect(r.stderr).toContain("EOPTIONINJECTION");
        expect(r.stderr).toContain(hostile);
        expect(existsSync(marker)).toBe(false);
      }
    },
  );

  describe("with a safe repositoryUrl", () => {
    let saved: string;
    beforeAll(async () => {
      saved = await git(repo.cwd, "rev-parse", "HEAD");
    });
    afterAll(async () => {
      await git(repo.cwd, "checkout", "-q", "--force", saved);
      await git(repo.cwd, "config", "remote.origin.url", repo.repositoryUrl);
    });

    it("a release branch beginning with `-`: EOPTIONINJECTION, exit 2", async () => {
      await releaserc({ repositoryUrl: repo.repositoryUrl, branches: [hostile] });
      for (const extra of [[], ["--dry-run"]]) {
        const r = await resume("--tag", "v1.0.0", ...extra);
        expect(r.code).toBe(2);
        expect(r.stderr).toContain(`The branch \`${hostile}\` (branches in .releaserc.json)`);
        expect(existsSync(marker)).toBe(false);
      }
      await git(repo.cwd, "checkout", "-q", "--", ".releaserc.json");
    });

    it("an origin remote beginning with `-` (no repositoryUrl): EOPTIONINJECTION, exit 2", async () => {
      await releaserc({});
      await git(repo.cwd, "commit", "-q", "-am", "chore: no repositoryUrl");
      await git(repo.cwd, "tag", "-f", "v1.0.0");
      await git(repo.cwd, "config", "remote.origin.url", hostile);
      for (const extra of [[], ["--dry-run"]]) {
        const r = await resume("--tag", "v1.0.0", ...extra);
        expect(r.code).toBe(2);
        expect(r.stderr).toContain(`The repository URL \`${hostile}\` (the origin remote)`);
        expect(existsSync(marker)).toBe(false);
      }
      await git(repo.cwd, "config", "remote.origin.url", repo.repositoryUrl);
      await git(repo.cwd, "tag", "-f", "v1.0.0", saved);
      await git(repo.cwd, "checkout", "-q", saved);
    });

    it("--dry-run only reads: it prints the plan and changes no file, ref or remote ref", async () => {
      await releaserc({ repositoryUrl: repo.repositoryUrl });
      const before = await state();
      const r = await resume("--tag", "v1.0.0", "--dry-run");
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      expect(r.stdout).toContain("would run verifyConditions semantic-release-rust");
      expect(r.stdout).toContain("Dry run: nothing was run.");
      expect(await state()).toEqual(before);
      await git(repo.cwd, "checkout", "-q", "--", ".releaserc.json");
    });
  });
});
