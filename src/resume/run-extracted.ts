import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Fragment } from "../binaries/collect-prebuilt.js";
import { printsVersion } from "../binaries/smoke-test.js";
import { exeName, runsOnHost } from "../binaries/triple.js";
import { exec } from "../util/exec.js";

interface RunCheck {
  version: string;
  commit: string;
  host: string;
  /** The smoke-test arguments of the binaries plugin (`--version`). */
  args: string[];
  env: NodeJS.ProcessEnv;
  log(message: string): void;
}

/** Extracts an archive into `dir` with the system's tools (`tar` reads gz, xz and zst; `unzip` zip). */
const extract = (archive: string, dir: string, env: NodeJS.ProcessEnv) =>
  archive.endsWith(".zip")
    ? exec("unzip", ["-q", archive, "-d", dir], { env })
    : exec("tar", ["-xf", archive, "-C", dir], { env });

/** What is wrong with one binary's output: it must hold the version, and any full commit it prints must be ours. */
function outputProblem(output: string, c: RunCheck): string | undefined {
  if (!printsVersion(output, c.version)) return `does not print ${c.version}`;
  const others = (output.match(/\b[0-9a-f]{40}\b/g) ?? []).filter((sha) => sha !== c.commit);
  return others.length > 0 ? `prints the commit ${others[0]}, not ${c.commit}` : undefined;
}

/** Runs every binary of one extracted archive from its `bin/` folder; problems as text. */
async function runArchive(f: Fragment, archive: string, c: RunCheck): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), "srr-finish-run-"));
  try {
    await extract(join(f.dir, archive), dir, c.env);
    const [top] = await readdir(dir);
    const problems: string[] = [];
    for (const a of f.manifest.artifacts.filter((x) => x.kind === "binary" && x.binary)) {
      const path = join(dir, top ?? "", "bin", exeName(a.binary as string, f.target));
      const r = await exec(path, c.args, { cwd: dir, env: c.env, reject: false }).catch((e: Error) => ({
        code: 127,
        stdout: "",
        stderr: e.message,
      }));
      const problem = r.code === 0 ? outputProblem(`${r.stdout}${r.stderr}`, c) : `exits with ${r.code}`;
      if (problem) problems.push(`\`${archive}\`: \`bin/${a.binary}\` ${problem}`);
      else c.log(`${archive}: bin/${a.binary} ${c.args.join(" ")} prints ${c.version}`);
    }
    return problems;
  } catch (error) {
    return [`\`${archive}\` cannot be extracted: ${(error as Error).message.split("\n")[0]}`];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The check of a collected build as users get it: each archive whose binaries run on this machine is extracted
 * and each binary run from the extracted `bin/` folder. Archives of other platforms are listed as not run.
 */
export async function runExtracted(chosen: readonly Fragment[], c: RunCheck): Promise<string[]> {
  const problems: string[] = [];
  for (const f of chosen) {
    const archives = f.manifest.artifacts.filter((a) => a.kind === "archive").map((a) => a.path);
    if (!runsOnHost(f.target, c.host)) {
      c.log(`${archives.join(", ")}: built for ${f.target}, which does not run here: not run`);
      continue;
    }
    for (const archive of archives) problems.push(...(await runArchive(f, archive, c)));
  }
  return problems;
}
