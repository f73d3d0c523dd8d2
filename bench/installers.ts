import { rm } from "node:fs/promises";
import { join } from "node:path";
import { Writable } from "node:stream";
import { prepare as binariesPrepare, verifyConditions } from "../src/binaries/index.js";
import { prepare as installersPrepare } from "../src/installers/index.js";
import type { Context } from "../src/types.js";
import { HOST } from "../test/helpers/cross-toolchain.js";
import { gitEnv, initExamplesRepo, removeRepo } from "../test/helpers/git-utils.js";
import type { BenchRow } from "./packaging.js";

const PUBLIC = "https://github.com/acme/rgreet.git";
const VERSION = "0.1.0";
const quiet = () => new Writable({ write: (_c, _e, done) => done() });
const logger = {
  log: () => undefined,
  error: () => undefined,
  warn: () => undefined,
  success: () => undefined,
};

/** Every installer output there is: the scripts, the formula, the .deb and .rpm. */
const ALL_INSTALLERS = {
  installers: ["shell", "powershell", "homebrew"],
  linuxPackages: { maintainer: "Release Bot <release@example.com>" },
};

/**
 * The prepare step of examples/ (the binaries plugin's build and archives for the host, cargo warm) without and
 * with every installer output after it, alternating, in the same run: the installers' share of prepare.
 */
export async function benchInstallers(o: { runs: number }): Promise<BenchRow[]> {
  const repo = await initExamplesRepo({ publicUrl: PUBLIC });
  try {
    const env = { ...process.env, ...gitEnv, CARGO_TARGET_DIR: join(repo.base, "target") };
    const context = (): Context =>
      ({
        cwd: repo.cwd,
        env,
        logger,
        stdout: quiet(),
        stderr: quiet(),
        options: { repositoryUrl: PUBLIC, plugins: [] },
        nextRelease: { version: VERSION, gitTag: `v${VERSION}`, name: `v${VERSION}`, notes: "* bench\n" },
      }) as unknown as Context;
    const binaries = { targets: [HOST] };
    await verifyConditions(binaries, context());
    const once = async (installers?: Record<string, unknown>) => {
      await rm(join(repo.cwd, "dist"), { recursive: true, force: true });
      const start = performance.now();
      await binariesPrepare(binaries, context());
      const built = performance.now();
      if (installers) await installersPrepare(installers, context());
      return { total: (performance.now() - start) / 1000, installers: (performance.now() - built) / 1000 };
    };
    await once(ALL_INSTALLERS);
    const best = { without: Infinity, all: Infinity, scripts: Infinity, packages: Infinity };
    for (let i = 0; i < o.runs; i++) {
      best.without = Math.min(best.without, (await once()).total);
      const all = await once(ALL_INSTALLERS);
      best.all = Math.min(best.all, all.total);
      best.packages = Math.min(best.packages, all.installers);
      const scripts = await once({ installers: ALL_INSTALLERS.installers });
      best.scripts = Math.min(best.scripts, scripts.installers);
    }
    const ratio = best.all / best.without;
    const s = (x: number) => `${x.toFixed(2)} s`;
    return [
      { name: "prepare, binaries only (host, cargo warm)", value: s(best.without), goal: "", ok: true },
      { name: "prepare, + install.sh/ps1, formula, .deb, .rpm", value: s(best.all), goal: "", ok: true },
      { name: "  of which installers' prepare", value: s(best.packages), goal: "", ok: true },
      { name: "  installers' prepare without .deb/.rpm", value: s(best.scripts), goal: "", ok: true },
      { name: "ratio", value: `${ratio.toFixed(3)}x`, goal: "≤ 1.15x", ok: ratio <= 1.15 },
    ];
  } finally {
    await removeRepo(repo);
  }
}
