import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepare } from "../../src/binaries/index.js";
import { setVersion } from "../../src/cargo/set-version.js";
import { testContext } from "../helpers/context.js";
import {
  ARM64,
  debianCrossEnv,
  fileTargetDir,
  hasDebianCross,
  runArm64,
  HOST,
} from "../helpers/cross-toolchain.js";
import { copyExamples, gitCommit, gitRepo, removeRepo, type TestRepo } from "../helpers/git-utils.js";
import { listTar, run } from "../helpers/archive-fixtures.js";

const VERSION = "0.2.0";
const release = { version: VERSION, gitTag: `v${VERSION}` };
/** Two targets with different features: two cargo invocations. */
const targets = [HOST, { target: ARM64, features: ["loud"] }];

let repo: TestRepo;
let tools: string;
let env: NodeJS.ProcessEnv;

/**
 * `$CARGO` for the plugin: real cargo, with every `cargo build` noted as `start`/`end` lines in a log. With
 * `SRR_BARRIER=N` a build waits (up to 60 s, then notes `timeout`) until N builds have started: it only gets
 * through when the plugin really runs N at once.
 */
const WRAPPER = `#!/bin/sh
if [ "$1" != build ]; then exec /usr/bin/cargo "$@"; fi
echo "start $*" >> "$SRR_LOG"
echo "stamp $GIT_COMMIT_SHA $SOURCE_DATE_EPOCH $BUILD_TIMESTAMP" >> "$SRR_LOG"
if [ -n "\${SRR_BARRIER:-}" ]; then
  i=0
  while [ "$(grep -c '^start' "$SRR_LOG")" -lt "$SRR_BARRIER" ]; do
    i=$((i + 1))
    if [ "$i" -gt 600 ]; then echo timeout >> "$SRR_LOG"; break; fi
    sleep 0.1
  done
fi
/usr/bin/cargo "$@"
code=$?
echo "end" >> "$SRR_LOG"
exit $code
`;

beforeAll(async () => {
  repo = await gitRepo();
  await copyExamples(repo.cwd);
  // A feature that shows in --version output, so we can see which build got it.
  const manifest = join(repo.cwd, "crates/rgreet/Cargo.toml");
  await writeFile(manifest, `${await readFile(manifest, "utf8")}\n[features]\nloud = []\n`);
  const main = join(repo.cwd, "crates/rgreet/src/main.rs");
  const source = await readFile(main, "utf8");
  const printsBuilt = 'println!("built: {BUILD_DATE}");';
  expect(source).toContain(printsBuilt);
  await writeFile(
    main,
    source.replace(
      printsBuilt,
      `${printsBuilt}\n                #[cfg(feature = "loud")]\n                println!("features: loud");`,
    ),
  );
  await gitCommit(repo.cwd, "feat: a loud feature");
  tools = await mkdtemp(join(tmpdir(), "srr-cargo-wrapper-"));
  await writeFile(join(tools, "cargo"), WRAPPER);
  await chmod(join(tools, "cargo"), 0o755);
  env = {
    ...debianCrossEnv({ ...process.env, CARGO_TARGET_DIR: fileTargetDir("binaries-concurrency") }),
    CARGO: join(tools, "cargo"),
  };
  await setVersion({ cwd: repo.cwd, env, manifestPath: "Cargo.toml", version: VERSION });
});
afterAll(async () => {
  await removeRepo(repo);
  await rm(tools, { recursive: true, force: true });
});

const buildLog = async (log: string) =>
  (await readFile(log, "utf8").catch(() => ""))
    .trim()
    .split("\n")
    .filter((l) => l !== "" && !l.startsWith("stamp "))
    .map((l) => (l.startsWith("start ") ? `start ${l.includes("--features=loud") ? ARM64 : HOST}` : l));

describe.runIf(hasDebianCross())("builds: per-target features and bounded concurrency", () => {
  it("runs the two cargo invocations at once with buildConcurrency 2; only the arm64 build gets its feature", async () => {
    const log = join(tools, "parallel.log");
    const ctx = testContext(repo.cwd, {
      env: { ...env, SRR_LOG: log, SRR_BARRIER: "2" },
      nextRelease: release,
    });
    await prepare({ targets, buildConcurrency: 2, distDir: "dist-parallel" }, ctx);
    const lines = await buildLog(log);
    expect(lines).not.toContain("timeout");
    expect(lines.slice(0, 2).sort()).toEqual([`start ${ARM64}`, `start ${HOST}`]);
    expect(lines.slice(2)).toEqual(["end", "end"]);
    // Each builder process got the release commit and its time for version embedding.
    const sha = (await run("git", ["rev-parse", "HEAD"], { cwd: repo.cwd })).trim();
    const epoch = (await run("git", ["log", "-1", "--format=%ct"], { cwd: repo.cwd })).trim();
    const iso = new Date(Number(epoch) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
    const stamps = (await readFile(log, "utf8")).split("\n").filter((l) => l.startsWith("stamp "));
    expect(stamps).toEqual([`stamp ${sha} ${epoch} ${iso}`, `stamp ${sha} ${epoch} ${iso}`]);
    const invocations = ctx.lines.filter((l) => l.startsWith("Building ") && l.includes(" with cargo: "));
    expect(invocations).toHaveLength(2);
    expect(invocations.find((l) => l.includes(`--target=${ARM64}`))).toMatch(/ --features=loud$/);
    expect(invocations.find((l) => l.includes(`--target=${HOST}`))).not.toContain("--features");
    expect(ctx.lines.filter((l) => /^\[[12]\/2\] \S+ built in \d+ s$/.test(l))).toHaveLength(2);

    // What users run: the arm64 archive's binary has the feature, the host one does not.
    const out = await mkdtemp(join(tmpdir(), "srr-features-"));
    try {
      for (const t of [HOST, ARM64]) {
        await run("tar", ["-xzf", join(repo.cwd, "dist-parallel", `rgreet-v${VERSION}-${t}.tar.gz`)], {
          cwd: out,
        });
      }
      const arm = await runArm64(join(out, `rgreet-v${VERSION}-${ARM64}/bin/rgreet`), ["--version"]);
      expect(arm.stdout).toContain(`rgreet ${VERSION}\n`);
      expect(arm.stdout).toContain("features: loud\n");
      const host = await run(join(out, `rgreet-v${VERSION}-${HOST}/bin/rgreet`), ["--version"]);
      expect(host).toContain(`rgreet ${VERSION}\n`);
      expect(host).not.toContain("features:");
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });

  it("runs one invocation at a time by default (buildConcurrency 1)", async () => {
    const log = join(tools, "serial.log");
    const ctx = testContext(repo.cwd, { env: { ...env, SRR_LOG: log }, nextRelease: release });
    await prepare({ targets, distDir: "dist-serial" }, ctx);
    const lines = await buildLog(log);
    expect(lines).toEqual([`start ${HOST}`, "end", `start ${ARM64}`, "end"]);
    // Same commit, same inputs: the archives match the ones built concurrently.
    const tars = await Promise.all(
      ["dist-parallel", "dist-serial"].map((d) =>
        listTar(join(repo.cwd, d, `rgreet-v${VERSION}-${ARM64}.tar.gz`)),
      ),
    );
    expect(tars[1]).toEqual(tars[0]);
  });
});
