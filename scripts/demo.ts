/**
 * `npm run demo`: a complete release of a temp copy of examples/ with the real semantic-release, against local
 * stand-ins (GitHub, a crates registry, an OCI registry when `docker-registry` is installed), then a summary.
 * The checkout is left as it was: everything happens under temp folders.
 */
import { readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DistManifest } from "../src/manifest/dist-manifest.js";
import { BINARIES_PLUGIN, CRATES_PLUGIN, INSTALLERS_PLUGIN } from "../src/plugins.js";
import { git, initExamplesRepo } from "../test/helpers/git-utils.js";
import { releasePlugins } from "../test/helpers/release-plugins.js";
import { runRelease } from "../test/helpers/run-release.js";
import { startDemoCratesRegistry } from "../test/stand-ins/crates-env.js";
import { startGitHubDemo } from "../test/stand-ins/github-demo.js";
import { hasDockerRegistry, startDockerDemo, type DockerDemo } from "../test/stand-ins/oci-demo.js";
import { ARM64, debianCrossEnv, hasDebianCross, HOST } from "../test/helpers/cross-toolchain.js";
import { makeSignKeys } from "../test/helpers/sign-keys.js";
import { userTour } from "./demo-user.js";

const line = (s = "") => process.stdout.write(`${s}\n`);
const PUBLIC_URL = "https://github.com/example/rgreet.git";
/** `npm run demo -- --dry-run`: the preview a pull request gets; nothing is built, pushed or published. */
const DRY_RUN = process.argv.includes("--dry-run");

async function main(): Promise<void> {
  const repo = await initExamplesRepo({ publicUrl: PUBLIC_URL });
  const github = await startGitHubDemo();
  const crates = await startDemoCratesRegistry();
  const docker: DockerDemo | undefined = hasDockerRegistry() ? await startDockerDemo() : undefined;
  // With Debian's cross toolchain the demo also builds aarch64 (and a two-platform image); else the host only.
  const cross = hasDebianCross();
  const targets = cross ? [HOST, ARM64] : [HOST];
  // The release signs with a gpg and a minisign key made here, as CI secrets would hold them.
  const keys = await makeSignKeys({ minisignPassword: false });
  const minisignPublicKey = (await readFile(keys.minisignPublicKey, "utf8")).trim().split("\n").pop();
  const downloadUrl = `${github.standIn.url}/example/rgreet/releases/download/{gitTag}`;
  line(`demo: releasing a copy of examples/ in ${repo.cwd}`);
  line(`demo: GitHub stand-in ${github.standIn.url}, crates registry ${crates.registry.indexUrl}`);
  line(docker ? `demo: OCI registry ${docker.host}` : "demo: docker-registry not installed: no images");
  const plugins = releasePlugins([
    [BINARIES_PLUGIN, { targets, sign: keys.sign }],
    [CRATES_PLUGIN, crates.pluginConfig],
    ...(docker ? [docker.plugin] : []),
    ...github.plugins,
    [
      INSTALLERS_PLUGIN,
      { installers: ["shell", "powershell"], linuxPackages: true, downloadUrl, minisignPublicKey },
    ],
  ]);
  const env: Record<string, string> = {
    ...(cross ? (debianCrossEnv({}) as Record<string, string>) : {}),
    CARGO_TARGET_DIR: join(tmpdir(), "srr-demo-target"),
    ...github.env,
    ...crates.env,
    ...docker?.env,
    ...keys.env,
  };
  try {
    const started = Date.now();
    const { result, output } = await runRelease(repo.cwd, {
      repositoryUrl: repo.repositoryUrl,
      plugins,
      env,
      dryRun: DRY_RUN,
    });
    if (process.env.DEMO_VERBOSE || DRY_RUN) line(output);
    if (DRY_RUN) return;
    if (!result) throw Object.assign(new Error("semantic-release made no release"), { output });
    const { nextRelease } = result;
    const changed = await git(repo.cwd, "show", "--name-only", "--format=", nextRelease.gitTag);
    const tags = await git(repo.remote, "tag", "--list");
    const manifest = JSON.parse(await readFile(join(repo.cwd, "dist/manifest.json"), "utf8")) as DistManifest;
    line();
    line(`== release summary (${Math.round((Date.now() - started) / 1000)} s) ==`);
    line(`version        ${nextRelease.version}`);
    line(`tag            ${nextRelease.gitTag} (on the remote: ${tags.split("\n").join(", ")})`);
    line(`files changed  ${changed.split("\n").filter(Boolean).join(", ")}`);
    line("archives (dist/)");
    for (const a of manifest.artifacts.filter((x) => x.kind !== "binary")) {
      line(`  ${a.path.padEnd(52)} ${String(a.size).padStart(9)} B  sha256 ${a.sha256}`);
    }
    line(github.report(repo.repositoryUrl, nextRelease.gitTag));
    line(`crates published to ${crates.registry.indexUrl}`);
    for (const c of crates.registry.crates()) line(`  ${c.name} ${c.vers}`);
    if (docker) {
      line(`images pushed to ${docker.image}`);
      for (const l of await docker.summary([nextRelease.version, "latest"])) line(`  ${l}`);
    }
    line();
    line("== as a user: download, verify, install ==");
    const assets = github.standIn.state.assetsOf(
      github.standIn.state.releaseByTag("example", "rgreet", nextRelease.gitTag, true)!.id,
    );
    const tour = await userTour({
      downloadBase: downloadUrl.replace("{gitTag}", nextRelease.gitTag),
      assets: assets.map((a) => a.name),
      home: join(repo.base, "home"),
      bin: "rgreet",
      gpgPublicKey: keys.gpgPublicKey,
      minisignPublicKey: keys.minisignPublicKey,
      hostArchive: manifest.artifacts.find((a) => a.kind === "archive" && a.target === HOST)!.path,
      ...(docker ? { image: `${docker.image}:${nextRelease.version}`, registryEnv: docker.env } : {}),
    });
    for (const l of tour) line(l);
  } catch (error) {
    const out = (error as { output?: string }).output;
    if (out) process.stderr.write(out);
    throw error;
  } finally {
    await github.stop();
    await crates.stop();
    await docker?.stop();
    await keys.cleanup();
    if (!process.env.DEMO_KEEP) await rm(repo.base, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
