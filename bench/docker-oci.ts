import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { prepare, publish } from "../src/docker/index.js";
import { exec } from "../src/util/exec.js";
import type { Context } from "../src/types.js";
import { copyExamples, gitCommit, gitRepo } from "../test/helpers/git-utils.js";
import { STATIC_TARGETS, stageStaticBinaries } from "../test/helpers/static-binaries.js";
import { startDockerd } from "../test/stand-ins/oci-dockerd.js";
import { startRegistry } from "../test/stand-ins/oci-registry.js";
import type { BenchRow } from "./packaging.js";

const PLATFORMS: Record<string, string> = {
  [STATIC_TARGETS[0]]: "linux/amd64",
  [STATIC_TARGETS[1]]: "linux/arm64",
};

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return (performance.now() - start) / 1000;
}

const quiet: Context["logger"] = { log: () => undefined, error: () => undefined };

/**
 * The two-platform image of examples/ from prebuilt static binaries: our `oci` builder (assemble + push, no
 * daemon) against `docker build` + `docker push` of the equivalent `FROM scratch` Dockerfile on the same
 * binaries with a local dockerd, then `docker manifest create/push` for the index. Both push to their own
 * fresh local registry; the ratio is measured in the same run.
 */
export async function benchDockerOci(): Promise<BenchRow[]> {
  const repo = await gitRepo();
  const [regOurs, regDocker] = await Promise.all([startRegistry(), startRegistry()]);
  const dockerd = await startDockerd();
  try {
    await copyExamples(repo.cwd);
    const gitHead = await gitCommit(repo.cwd, "chore: bench");
    const distDir = join(repo.cwd, "dist");
    await stageStaticBinaries({ workspace: repo.cwd, distDir, version: "0.1.0", gitHead });
    const context: Context = {
      cwd: repo.cwd,
      env: process.env,
      logger: quiet,
      nextRelease: { version: "0.1.0", gitTag: "v0.1.0", gitHead, channel: null },
      options: { repositoryUrl: "https://github.com/example/rgreet" },
    };
    const config = { images: [`${regOurs.host}/bench/rgreet`] };
    const ours = await timed(async () => {
      await prepare(config, context);
      await publish(config, context);
    });
    const uploads = regOurs.blobUploads();
    const again = await timed(() => publish(config, context));
    const rows: BenchRow[] = [
      { name: "oci builder: assemble + push 2 platforms", value: `${ours.toFixed(2)} s`, goal: "", ok: true },
      {
        name: "oci builder: re-run publish (no blob sent)",
        value: `${again.toFixed(2)} s`,
        goal: "",
        ok: regOurs.blobUploads() === uploads,
      },
    ];
    if ("skip" in dockerd) {
      rows.push({ name: `docker build + push: skipped (${dockerd.skip})`, value: "-", goal: "", ok: true });
      return rows;
    }
    const image = `${regDocker.host}/bench/rgreet`;
    const docker = async (args: string[]) => {
      const r = await exec("/usr/bin/docker", ["-H", dockerd.host, ...args], {
        cwd: distDir,
        env: { ...process.env, DOCKER_BUILDKIT: "1", DOCKER_CLI_EXPERIMENTAL: "enabled" },
        reject: false,
      });
      if (r.code !== 0) throw new Error(`docker ${args.join(" ")}: ${r.stderr}`);
    };
    const baseline = await timed(async () => {
      for (const target of STATIC_TARGETS) {
        const file = join(distDir, `Dockerfile.${target}`);
        await writeFile(
          file,
          `FROM scratch\nCOPY bin/${target}/rgreet /usr/local/bin/rgreet\nUSER 65532\nENTRYPOINT ["/usr/local/bin/rgreet"]\n`,
        );
        await docker([
          "build",
          "-q",
          "--platform",
          PLATFORMS[target] ?? "",
          "-f",
          file,
          "-t",
          `${image}:0.1.0-${target}`,
          ".",
        ]);
        await docker(["push", "-q", `${image}:0.1.0-${target}`]);
      }
      await docker([
        "manifest",
        "create",
        "--insecure",
        `${image}:0.1.0`,
        ...STATIC_TARGETS.map((t) => `${image}:0.1.0-${t}`),
      ]);
      await docker(["manifest", "push", "--insecure", `${image}:0.1.0`]);
    });
    rows.push(
      {
        name: "docker build + push + manifest push (dockerd)",
        value: `${baseline.toFixed(2)} s`,
        goal: "",
        ok: true,
      },
      {
        name: "speed-up of the oci builder",
        value: `${(baseline / ours).toFixed(1)}×`,
        goal: "> 1× (faster than docker)",
        ok: baseline > ours,
      },
    );
    return rows;
  } finally {
    if (!("skip" in dockerd)) await dockerd.stop();
    await Promise.all([regOurs.stop(), regDocker.stop()]);
    await rm(repo.base, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const row of await benchDockerOci())
    console.log(
      `${row.name}: ${row.value}${row.goal ? ` (goal ${row.goal}: ${row.ok ? "met" : "MISSED"})` : ""}`,
    );
}
