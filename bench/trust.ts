import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { prepare } from "../src/binaries/index.js";
import { HOST } from "../test/helpers/cross-toolchain.js";
import { testContext } from "../test/helpers/context.js";
import { gitCommit, initExamplesRepo, removeRepo, type TestRepo } from "../test/helpers/git-utils.js";
import { makeSignKeys, type SignKeys } from "../test/helpers/sign-keys.js";
import type { BenchRow } from "./packaging.js";

/** examples/ is at this version before any release: prepare checks the manifests carry it. */
const VERSION = "0.1.0";

interface Variant {
  name: string;
  options: Record<string, unknown>;
}

/** Seconds of one binaries prepare of examples/ for the host into a new dist folder, cold or warm target dir. */
async function timePrepare(
  repo: TestRepo,
  env: NodeJS.ProcessEnv,
  v: Variant,
  run: string,
  targetDir: string,
) {
  const distDir = `dist-${run}`;
  const context = testContext(repo.cwd, {
    env: { ...env, CARGO_TARGET_DIR: targetDir },
    nextRelease: { version: VERSION, gitTag: `v${VERSION}` } as never,
  });
  const start = performance.now();
  await prepare({ targets: [HOST], distDir, ...v.options }, context);
  const seconds = (performance.now() - start) / 1000;
  await rm(join(repo.cwd, distDir), { recursive: true, force: true });
  return seconds;
}

/**
 * Point 8 of the trust issue: the binaries plugin's prepare of examples/ (host target) with gpg and minisign
 * signatures and the CycloneDX SBOMs, against prepare without them (`sbom: false`, no `sign`), in the same run.
 * Cold: each prepare builds into a new target dir, as a CI job does; warm: the build is already there, so only
 * packaging, signing and the SBOM count. The fastest of `runs` of each, the variants alternating.
 */
export async function benchTrust(o: { runs: number }): Promise<BenchRow[]> {
  let keys: SignKeys | undefined;
  const repo = await initExamplesRepo();
  try {
    keys = await makeSignKeys({ minisignPassword: false });
    await writeFile(join(repo.cwd, ".gitignore"), "/target*\n/dist*\n");
    await gitCommit(repo.cwd, "chore: ignore build output");
    const env = { ...process.env, ...keys.env };
    const sign = { gpg: keys.sign.gpg, minisign: { keyEnv: keys.sign.minisign.keyEnv } };
    const plain: Variant = { name: "without", options: { sbom: false } };
    const trust: Variant = { name: "with", options: { sign } };
    const best = { cold: { plain: Infinity, trust: Infinity }, warm: { plain: Infinity, trust: Infinity } };
    const warmDir = join(repo.base, "target-warm");
    await timePrepare(repo, env, plain, "warmup", warmDir);
    for (let i = 0; i < o.runs; i++) {
      for (const [key, v] of [
        ["plain", plain],
        ["trust", trust],
      ] as const) {
        const cold = await timePrepare(repo, env, v, `${key}-${i}`, join(repo.base, `target-${key}-${i}`));
        best.cold[key] = Math.min(best.cold[key], cold);
        best.warm[key] = Math.min(best.warm[key], await timePrepare(repo, env, v, `${key}-w${i}`, warmDir));
      }
    }
    return rowsOf(best);
  } finally {
    await removeRepo(repo);
    await keys?.cleanup();
  }
}

type Best = Record<"cold" | "warm", { plain: number; trust: number }>;

const rowsOf = (best: Best): BenchRow[] =>
  (["cold", "warm"] as const).flatMap((k) => {
    const { plain, trust } = best[k];
    const ratio = trust / plain;
    const build = k === "cold" ? "new target dir" : "already built";
    return [
      {
        name: `prepare, ${build}, no signatures or SBOM`,
        value: `${plain.toFixed(2)} s`,
        goal: "",
        ok: true,
      },
      {
        name: `prepare, ${build}, gpg + minisign + SBOM`,
        value: `${trust.toFixed(2)} s`,
        goal: "",
        ok: true,
      },
      k === "cold"
        ? { name: "with / without (cold)", value: `${ratio.toFixed(3)}x`, goal: "<= 1.10x", ok: ratio <= 1.1 }
        : { name: "with / without (warm)", value: `${ratio.toFixed(3)}x`, goal: "", ok: true },
    ];
  });
