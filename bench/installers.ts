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
const VERSION = "0.2.0";
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
    const once = async (withInstallers: boolean) => {
      await rm(join(repo.cwd, "dist"), { recursive: true, force: true });
      const start = performance.now();
      await binariesPrepare(binaries, context());
      if (withInstallers) await installersPrepare(ALL_INSTALLERS, context());
      return (performance.now() - start) / 1000;
    };
    await once(true);
    let [without, all] = [Infinity, Infinity];
    for (let i = 0; i < o.runs; i++) {
      without = Math.min(without, await once(false));
      all = Math.min(all, await once(true));
    }
    const ratio = all / without;
    return [
      {
        name: "prepare, binaries only (host, cargo warm)",
        value: `${without.toFixed(2)} s`,
        goal: "",
        ok: true,
      },
      {
        name: "prepare, + install.sh/ps1, formula, .deb, .rpm",
        value: `${all.toFixed(2)} s`,
        goal: "",
        ok: true,
      },
      { name: "ratio", value: `${ratio.toFixed(2)}x`, goal: "≤ 1.15x", ok: ratio <= 1.15 },
    ];
  } finally {
    await removeRepo(repo);
  }
}
