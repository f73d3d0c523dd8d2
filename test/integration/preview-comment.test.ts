import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { MARKER } from "../../src/preview/comment.js";
import { removeRepo, type TestRepo } from "../helpers/git-utils.js";
import { branchWith, preview, releasedRepo } from "../helpers/preview.js";
import { issueComments } from "../stand-ins/github-comments-routes.js";
import { startGitHubStandIn, type GitHubStandIn } from "../stand-ins/github-server.js";

let github: GitHubStandIn;
const readOnly = "ghs_readonly_fork_token";
const repos: TestRepo[] = [];
beforeAll(async () => {
  github = await startGitHubStandIn({ tokens: { [readOnly]: "read" } });
});
afterAll(async () => {
  await github?.stop();
});
afterEach(async () => {
  await Promise.all(repos.splice(0).map(removeRepo));
});

/** A pull request's checkout (a fix on top of v0.1.0) and the event file GitHub Actions gives its job. */
async function pullRequest(number: number, title: string) {
  const repo = await releasedRepo({ repositoryUrl: "https://github.com/acme/rgreet.git" });
  repos.push(repo);
  await branchWith(repo, "topic", ["fix: handle empty names"]);
  const event = join(repo.base, "event.json");
  await writeFile(event, JSON.stringify({ pull_request: { number, title } }));
  const env = { GITHUB_API_URL: github.apiUrl, GITHUB_REPOSITORY: "acme/rgreet", GITHUB_EVENT_PATH: event };
  return { repo, env };
}

const comments = (pr: number) => issueComments(github.state, "acme", "rgreet", pr);

describe("preview --comment: one sticky pull-request comment", () => {
  it("is created, then updated in place twice: exactly one comment, other comments untouched", async () => {
    const { repo, env } = await pullRequest(7, "fix: empty names");
    const token = { ...env, GITHUB_TOKEN: github.token };
    // 101 other comments first, so the preview's comment sits on the second page of the list.
    for (let i = 0; i < 101; i++) {
      const res = await fetch(`${github.apiUrl}/repos/acme/rgreet/issues/7/comments`, {
        method: "POST",
        headers: { authorization: `token ${github.token}`, "content-type": "application/json" },
        body: JSON.stringify({ body: `review ${i}` }),
      });
      expect(res.status).toBe(201);
    }
    const first = await preview(repo.cwd, ["--comment"], token);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain("created the preview comment on acme/rgreet#7");
    const mine = () => comments(7).filter((c) => c.body.includes(MARKER));
    expect(mine()).toHaveLength(1);
    const id = mine()[0]!.id;
    expect(mine()[0]!.body).toContain("Merging releases `0.1.1` (patch) as `v0.1.1`");

    await branchWith(repo, "topic-2", ["feat: greet in Welsh"], "topic");
    for (const title of ["feat: Welsh", "Welsh greetings"]) {
      const res = await preview(repo.cwd, ["--comment", "--title", title], token);
      expect(res.code, res.stderr).toBe(0);
      expect(res.stderr).toContain("updated the preview comment on acme/rgreet#7");
    }
    expect(comments(7)).toHaveLength(102);
    expect(mine().map((c) => c.id)).toEqual([id]);
    expect(mine()[0]!.body).toContain("Merging releases `0.2.0` (minor) as `v0.2.0`");
    expect(mine()[0]!.body).toContain('The title "Welsh greetings" is not a conventional commit');
    expect(comments(7).filter((c) => c.body.startsWith("review "))).toHaveLength(101);
  });

  it("with a read-only token (a fork's GITHUB_TOKEN) fails with EPREVIEWCOMMENT and writes no comment; with --markdown-out it keeps the markdown", async () => {
    const { repo, env } = await pullRequest(8, "fix: x");
    const res = await preview(repo.cwd, ["--comment"], { ...env, GITHUB_TOKEN: readOnly });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(
      "EPREVIEWCOMMENT GitHub refused to create the preview comment on acme/rgreet#8: 403",
    );
    expect(comments(8)).toEqual([]);
    const out = join(repo.base, "preview.md");
    const kept = await preview(repo.cwd, ["--comment", "--markdown-out", out], {
      ...env,
      GITHUB_TOKEN: readOnly,
    });
    expect(kept.code, kept.stderr).toBe(0);
    expect(kept.stderr).toContain(`403 Resource not accessible by integration. The markdown is in ${out}`);
    expect(await readFile(out, "utf8")).toContain(MARKER);
    expect(comments(8)).toEqual([]);
  });

  it("a fork with no token at all keeps the markdown in --markdown-out; --post then posts it", async () => {
    const { repo, env } = await pullRequest(9, "fix: from a fork");
    const before = github.state.requests.length;
    const out = join(repo.base, "preview", "preview.md");
    const res = await preview(repo.cwd, ["--comment", "--markdown-out", out], env);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toContain(`the comment is not posted; the markdown is in ${out}`);
    expect(github.state.requests.length).toBe(before);
    const markdown = await readFile(out, "utf8");
    expect(markdown.startsWith(`${MARKER}\n`)).toBe(true);
    expect(markdown).toContain("Merging releases `0.1.1` (patch) as `v0.1.1`");

    // The workflow_run job: the base repository's token, the artifact only read.
    const posted = await preview(repo.base, ["--post", out, "--pr", "9"], {
      GITHUB_API_URL: github.apiUrl,
      GITHUB_REPOSITORY: "acme/rgreet",
      GITHUB_TOKEN: github.token,
    });
    expect(posted.code, posted.stderr).toBe(0);
    expect(comments(9).map((c) => c.body)).toEqual([markdown]);
  });

  it("without a pull request number is EPREVIEWTARGET", async () => {
    const { repo } = await pullRequest(10, "fix: x");
    const res = await preview(repo.cwd, ["--comment"], {
      GITHUB_API_URL: github.apiUrl,
      GITHUB_TOKEN: github.token,
    });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("EPREVIEWTARGET");
  });
});
