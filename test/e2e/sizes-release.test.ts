import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { publish } from "../../src/github/index.js";
import { parseManifest, type DistManifest } from "../../src/manifest/dist-manifest.js";
import { exec } from "../../src/util/exec.js";
import { errorCodes, rejection, testContext } from "../helpers/context.js";
import { fileTargetDir, HOST } from "../helpers/cross-toolchain.js";
import { initExamplesRepo, remoteTags, removeRepo, type TestRepo } from "../helpers/git-utils.js";
import { releasePlugins } from "../helpers/release-plugins.js";
import { runRelease } from "../helpers/run-release.js";
import { startGitHubStandIn, type GitHubStandIn } from "../stand-ins/github-server.js";
import { writeDist } from "../stand-ins/github-dist.js";

const PUBLIC_URL = "https://github.com/acme/rgreet.git";
const targetDir = fileTargetDir("sizes-release");

let gh: GitHubStandIn;
let repo: TestRepo;
let scratch: string;
beforeEach(async () => {
  gh = await startGitHubStandIn();
  repo = await initExamplesRepo({ publicUrl: PUBLIC_URL });
  scratch = await mkdtemp(join(tmpdir(), "srr-sizes-"));
});
afterEach(async () => {
  await gh.stop();
  await removeRepo(repo);
  await rm(scratch, { recursive: true, force: true });
});

/** Release v0.1.0 on the stand-in as our github plugin made it: a 2000-byte archive and its manifest.json asset. */
async function publishPreviousRelease(): Promise<void> {
  const dist = join(scratch, "dist");
  await writeDist(
    dist,
    [{ path: `rgreet-v0.1.0-${HOST}.tar.gz`, kind: "archive", target: HOST, size: 2000 }],
    "0.1.0",
  );
  await publish(
    {},
    testContext(scratch, {
      env: gh.env(),
      options: { repositoryUrl: PUBLIC_URL },
      branch: { name: "main", main: true, type: "release" },
      nextRelease: { version: "0.1.0", gitTag: "v0.1.0", notes: "first" },
    }),
  );
}

const env = (summary: string) => ({ ...gh.env(), CARGO_TARGET_DIR: targetDir, GITHUB_STEP_SUMMARY: summary });
const readDist = async (): Promise<DistManifest> => {
  const path = join(repo.cwd, "dist", "manifest.json");
  return parseManifest(await readFile(path, "utf8"), path);
};

describe("sizes, the size gate and the job summary in real semantic-release runs", () => {
  it("stops a release whose archive grew over maxSizeIncrease before the tag, and says so in the summary", async () => {
    await publishPreviousRelease();
    const summary = join(scratch, "summary.md");
    await writeFile(summary, "earlier step\n");
    const error = await rejection(
      runRelease(repo.cwd, {
        repositoryUrl: PUBLIC_URL,
        env: env(summary),
        plugins: releasePlugins([
          ["semantic-release-rust/binaries", { targets: [HOST], maxSizeIncrease: "1 kB" }],
        ]),
      }),
    );
    expect(errorCodes(error)).toEqual(["ESIZEINCREASE"]);
    const archive = `rgreet-v0.2.0-${HOST}.tar.gz`;
    const size = (await readDist()).artifacts.find((a) => a.path === archive)?.size as number;
    expect((error as Error).message).toBe(
      `${archive} grew from 2.00 kB (2000 bytes) to ${(size / 1000).toFixed(2)} kB (${size} bytes): more than \`maxSizeIncrease\` allows.`,
    );
    // Nothing left the machine: no v0.2.0 tag on the remote, no release on GitHub.
    expect(await remoteTags(repo.remote)).toEqual(["v0.1.0"]);
    expect(gh.state.releaseByTag("acme", "rgreet", "v0.2.0", true)).toBeUndefined();

    const text = await readFile(summary, "utf8");
    expect(text.startsWith("earlier step\n## Release of 0.2.0 failed\n")).toBe(true);
    expect(text).toContain(`- \`ESIZEINCREASE\`: ${archive} grew from 2.00 kB`);
    expect(text).toContain("<summary>What to do</summary>");
    expect(text).toMatch(/Done before the failure: build, package/);
    expect(text).toContain(`| \`${archive}\` | archive |`);
    expect(text).toMatch(new RegExp(`\\| build \\| ${HOST} \\| \\d+\\.\\d s \\|`));
  });

  it("releases with sizes, changes, the manifest asset, install sections in the body and a job summary", async () => {
    await publishPreviousRelease();
    const summary = join(scratch, "summary.md");
    const { result, output } = await runRelease(repo.cwd, {
      repositoryUrl: PUBLIC_URL,
      env: env(summary),
      plugins: releasePlugins([
        ["semantic-release-rust/binaries", { targets: [HOST], maxSizeIncrease: ["50 MB", "100000%"] }],
        "semantic-release-rust/github",
      ]),
    });
    if (!result) throw new Error(`no release:\n${output}`);
    expect(output).toContain("Sizes against 0.1.0 (its manifest.json asset):");
    const manifest = await readDist();
    const archive = manifest.artifacts.find((a) => a.kind === "archive" && a.target === HOST);
    const binary = manifest.artifacts.find((a) => a.kind === "binary" && a.target === HOST);
    expect(binary?.requires).toMatch(/^glibc >= 2\.\d+$/);

    // The manifest went up as an asset, so the next release can compare.
    const release = gh.state.releaseByTag("acme", "rgreet", "v0.2.0");
    const asset = gh.state.assetsOf(release?.id ?? -1).find((a) => a.name === "manifest.json");
    const bytes = await readFile(join(repo.cwd, "dist", "manifest.json"));
    expect(asset?.size).toBe(bytes.length);

    // The summary: headline, link, every asset with size, change and sha256, and durations.
    const text = await readFile(summary, "utf8");
    expect(text).toContain("## Released 0.2.0 (`v0.2.0`)");
    expect(text).toMatch(
      /- \[GitHub release\]\(http:\/\/127\.0\.0\.1:\d+\/acme\/rgreet\/releases\/tag\/v0\.2\.0\)/,
    );
    expect(text).toContain("| File | Kind | Size | Change since 0.1.0 | SHA-256 |");
    expect(text).toMatch(
      new RegExp(
        `\\| \`${archive?.path}\` \\| archive \\| [\\d.]+ KiB \\| \\+[\\d.]+ KiB \\(\\+[\\d.]+%\\) \\| \`${archive?.sha256}\` \\|`,
      ),
    );
    for (const step of ["build", "package", "upload"])
      expect(text).toMatch(new RegExp(`\\| ${step} \\| .+ \\| \\d+\\.\\d s \\|`));
    expect(text.match(/## Released/g)).toHaveLength(1);

    // The release body carries the sections, checked against the archive really produced.
    const body = release?.body ?? "";
    expect(body).toContain("## Install");
    expect(body).toContain(`| \`${archive?.path}\` | \`${HOST}\` |`);
    expect(body).toContain(`\`${archive?.sha256}\``);
    expect(body).toContain("## Binaries\n\n- `rgreet`");
    expect(body).toMatch(/\| Linux x86_64 \| `x86_64-unknown-linux-gnu` \| `glibc >= 2\.\d+` \|/);
    const { stdout: listing } = await exec("tar", ["-tzf", join(repo.cwd, "dist", archive?.path ?? "")]);
    const top = `rgreet-v0.2.0-${HOST}`;
    const firstLevel = new Set(
      listing
        .split("\n")
        .filter(Boolean)
        .map((p) => p.slice(top.length + 1).split("/")[0])
        .filter(Boolean),
    );
    const tree = /```text\n([\s\S]*?)\n```/.exec(body)?.[1] ?? "";
    expect(tree.split("\n")[0]).toBe(`${top}/`);
    for (const entry of firstLevel as Set<string>)
      expect(tree).toMatch(new RegExp(`^[├└]── ${entry.replace(/\./g, "\\.")}/?$`, "m"));
    expect(body).toContain("## Quick start");
    expect(body).toContain("./demo/run-demo.sh");

    // The Linux steps of the notes, pasted into a shell, download, verify, extract and run the release.
    const steps = new RegExp(`### Linux x86_64\\n\\n\`\`\`sh\\n([\\s\\S]*?)\\n\`\`\``).exec(body)?.[1] ?? "";
    const user = await mkdtemp(join(scratch, "user-"));
    const { stdout } = await exec("sh", ["-ec", steps], { cwd: user });
    expect(stdout).toContain(`${archive?.path}.sha256`.replace(/\.sha256$/, "") + ": OK");
    expect(stdout).toContain("0.2.0");
  });
});
