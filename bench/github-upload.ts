import { createHash, randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeManifest, type Artifact } from "../src/manifest/dist-manifest.js";
import { exec } from "../src/util/exec.js";
import { startGitHubStandIn } from "../test/stand-ins/github-server.js";
import type { BenchRow } from "./packaging.js";

export interface GithubUploadBenchOptions {
  /** Number of assets (default 5). */
  count?: number;
  /** Size of each asset in MiB (default 200). */
  sizeMiB?: number;
}

/** Writes `sizeMiB` of pseudo-random bytes (a repeated random MiB) and returns its sha256. */
async function writeAsset(path: string, sizeMiB: number): Promise<Artifact["sha256"]> {
  const block = randomBytes(1024 * 1024);
  const hash = createHash("sha256");
  const out = createWriteStream(path);
  for (let i = 0; i < sizeMiB; i++) {
    hash.update(block);
    if (!out.write(block)) await new Promise<void>((ok) => out.once("drain", () => ok()));
  }
  await new Promise<void>((ok) => out.end(() => ok()));
  return hash.digest("hex");
}

/**
 * Uploads `count` × `sizeMiB` assets to the local GitHub stand-in twice, once with semantic-release-rust/github
 * and once with @semantic-release/github, each in its own child process, and compares their peak RSS.
 * Goal: ours ≤ 150 MB whatever the sizes.
 */
export async function benchGithubUpload(o: GithubUploadBenchOptions = {}): Promise<BenchRow[]> {
  const count = o.count ?? 5;
  const sizeMiB = o.sizeMiB ?? 200;
  const dir = await mkdtemp(join(tmpdir(), "srr-bench-gh-"));
  await mkdir(join(dir, "dist"));
  const gh = await startGitHubStandIn({ storeBodies: false });
  try {
    const artifacts: Artifact[] = [];
    for (let i = 0; i < count; i++) {
      const path = `big-${i}.tar.gz`;
      const sha256 = await writeAsset(join(dir, "dist", path), sizeMiB);
      artifacts.push({ path, kind: "archive", target: `target-${i}`, size: sizeMiB * 1024 * 1024, sha256 });
    }
    await writeManifest(join(dir, "dist"), { schemaVersion: 1, version: "1.0.0", artifacts });
    const child = fileURLToPath(new URL("./github-upload-child.js", import.meta.url));
    const rows: BenchRow[] = [];
    for (const [which, tag] of [
      ["ours", "v1.0.0"],
      ["upstream", "v1.0.1"],
    ] as const) {
      const input = {
        cwd: dir,
        repositoryUrl: "https://github.com/bench/upload.git",
        tag,
        env: { ...gh.env(), PATH: process.env.PATH ?? "" },
        assets: ["dist/*.tar.gz"],
      };
      const { stdout } = await exec(process.execPath, [child, which], {
        cwd: dir,
        env: { ...process.env, BENCH_GH: JSON.stringify(input) },
      });
      const r = JSON.parse(stdout.trim().split("\n").pop() ?? "{}") as { maxRssKiB: number; seconds: number };
      const mb = r.maxRssKiB / 1024;
      const name = which === "ours" ? "semantic-release-rust/github" : "@semantic-release/github";
      const mbps = (count * sizeMiB) / r.seconds;
      rows.push({
        name: `${name}: peak RSS, ${count} × ${sizeMiB} MiB`,
        value: `${mb.toFixed(0)} MB (${r.seconds.toFixed(1)} s, ${mbps.toFixed(0)} MiB/s)`,
        goal: which === "ours" ? "≤ 150 MB" : "",
        ok: which === "ours" ? mb <= 150 : true,
      });
    }
    const uploaded = [...gh.state.assets.values()].filter((a) => a.state === "uploaded");
    const bad = artifacts.filter(
      (a) => uploaded.filter((u) => u.name === a.path && u.digest === `sha256:${a.sha256}`).length !== 2,
    );
    rows.push({
      name: "assets with matching digests (both clients)",
      value: `${count - bad.length}/${count}`,
      goal: "all",
      ok: bad.length === 0,
    });
    return rows;
  } finally {
    await gh.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** `node dist/bench/github-upload.js [count] [sizeMiB]` runs this benchmark alone. */
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [count, sizeMiB] = process.argv.slice(2).map(Number);
  const rows = await benchGithubUpload({ count: count || undefined, sizeMiB: sizeMiB || undefined });
  for (const r of rows)
    console.log(
      `${r.name.padEnd(60)} ${r.value}${r.goal ? `  goal ${r.goal}: ${r.ok ? "met" : "MISSED"}` : ""}`,
    );
}
