import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { exec, type ExecResult } from "../../src/util/exec.js";
import { repoRoot } from "./paths.js";
import { substitute, type Workflow, type WorkflowJob, type WorkflowStep } from "./workflow-file.js";

/**
 * Runs the jobs of a workflow file on this machine the way a GitHub runner would, step by step, so a test runs
 * exactly the commands the YAML holds:
 * - `run:` steps run with `bash -eo pipefail` in the job's working directory, with the step's `env` (its
 *   `${{ }}` expressions replaced from the job's table), `RUNNER_TEMP`, and a `GITHUB_OUTPUT` file per step;
 * - `actions/checkout` clones the repository (all history and tags) at `with.ref`;
 * - `actions/upload-artifact` / `download-artifact` copy folders through an artifact store, as those actions do
 *   (each downloaded artifact in a subfolder named after it);
 * - the setup actions (node, rust toolchain, caches, builder installs) and the `npm install --global` step are
 *   what this machine already has: semantic-release and this package are linked into a global npm prefix
 *   (`globalPrefix`) whose `bin/` is on `PATH`, so `npx semantic-release` and `semantic-release-rust` resolve there.
 */

/** Actions whose work this machine has already done (tools installed, caches). */
const PROVIDED = new Set([
  "actions/setup-node",
  "actions/cache",
  "actions-rust-lang/setup-rust-toolchain",
  "taiki-e/install-action",
  "mlugg/setup-zig",
]);

export interface JobRun {
  /** Each step's `GITHUB_OUTPUT` values, by step id. */
  steps: Record<string, Record<string, string>>;
  /** The job's `outputs`, evaluated. */
  outputs: Record<string, string>;
  /** The first failed step and its result, when one failed (later steps did not run). */
  failed?: { step: string; result: ExecResult };
  /** The job's checkout. */
  workspace: string;
  log: string;
}

export interface RunnerOptions {
  workflow: Workflow;
  /** `actions/checkout` clones this URL. */
  cloneUrl: string;
  /** Folder of the runs (workspaces, temp folders, artifacts). */
  root: string;
  /** The machine's environment (tools, credentials of stand-ins the runner provides). */
  env: NodeJS.ProcessEnv;
}

export class WorkflowRunner {
  readonly artifacts: string;
  private count = 0;
  constructor(private readonly o: RunnerOptions) {
    this.artifacts = join(o.root, "artifacts");
  }

  /** The machine's environment. */
  get env(): NodeJS.ProcessEnv {
    return this.o.env;
  }

  /**
   * Runs job `id`; `jobTable` gives the value of every `${{ }}` expression its steps use, `o.env` what this runner
   * adds to the machine's environment; with `o.until`, the job stops after the step of that id.
   */
  async run(
    id: string,
    jobTable: Record<string, string>,
    o: { env?: NodeJS.ProcessEnv; until?: string } = {},
  ): Promise<JobRun> {
    const job = this.o.workflow.jobs[id];
    if (!job) throw new Error(`no job ${id} in the workflow`);
    const dir = join(this.o.root, `${id}-${++this.count}`);
    const temp = join(dir, "runner-temp");
    const workspace = join(dir, "workspace");
    await mkdir(temp, { recursive: true });
    const run: JobRun = { steps: {}, outputs: {}, workspace, log: "" };
    const table = { ...jobTable, "runner.temp": temp };
    const base = { ...this.o.env, ...o.env, RUNNER_TEMP: temp, GITHUB_WORKSPACE: workspace };
    const workDir = join(workspace, substitute(job.defaults?.run?.["working-directory"] ?? ".", table));
    for (const [i, step] of job.steps.entries()) {
      const name = step.name ?? step.uses ?? step.run ?? String(i);
      if (step.if !== undefined && !truthy(substitute(`\${{ ${step.if} }}`, table))) continue;
      if (step.uses) {
        await this.action(step, table, { workspace, temp });
        continue;
      }
      if (!step.run || /^npm install --global /.test(step.run)) continue;
      const output = join(temp, `output-${i}`);
      await writeFile(output, "");
      const stepEnv = Object.fromEntries(
        Object.entries(step.env ?? {}).map(([k, v]) => [k, substitute(String(v), table)]),
      );
      const result = await exec("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", step.run], {
        cwd: workDir,
        env: { ...base, ...stepEnv, GITHUB_OUTPUT: output },
        reject: false,
      });
      run.log += `### ${name}\n${result.stdout}${result.stderr}\n`;
      if (step.id) run.steps[step.id] = parseOutputFile(await readFile(output, "utf8"));
      if (result.code !== 0) {
        run.failed = { step: name, result };
        return run;
      }
      if (o.until !== undefined && step.id === o.until) break;
    }
    run.outputs = jobOutputs(job, run.steps);
    return run;
  }

  private async action(
    step: WorkflowStep,
    table: Record<string, string>,
    at: { workspace: string; temp: string },
  ): Promise<void> {
    const action = (step.uses ?? "").replace(/@.*$/, "");
    const input = (k: string) => substitute(String(step.with?.[k] ?? ""), table);
    if (action === "actions/checkout") {
      await exec("git", ["clone", "-q", this.o.cloneUrl, at.workspace], { env: this.o.env });
      const ref = input("ref");
      if (ref) await exec("git", ["checkout", "-q", ref], { cwd: at.workspace, env: this.o.env });
    } else if (action === "actions/upload-artifact") {
      const files = await readdir(input("path")).catch(() => []);
      if (files.length === 0) throw new Error(`upload-artifact: no files in ${input("path")}`);
      const stored = join(this.artifacts, input("name"));
      await rm(stored, { recursive: true, force: true });
      await cp(input("path"), stored, { recursive: true });
    } else if (action === "actions/download-artifact") {
      const pattern = new RegExp(
        `^${input("pattern")
          .replace(/[.+?^${}()|[\]\\]/g, "\\$&")
          .replace(/\*/g, ".*")}$`,
      );
      for (const name of await readdir(this.artifacts).catch(() => [] as string[])) {
        if (pattern.test(name))
          await cp(join(this.artifacts, name), join(input("path"), name), { recursive: true });
      }
    } else if (!PROVIDED.has(action)) {
      throw new Error(`the test runner does not know the action ${step.uses}`);
    }
  }
}

const truthy = (value: string): boolean => value !== "" && value !== "false" && value !== "0";

/** `GITHUB_OUTPUT`'s `name=value` lines and `name<<DELIMITER` blocks. */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const block = /^([^=<]+)<<(.+)$/.exec(line);
    if (block) {
      // An unterminated block (its step failed midway) runs to the end of the file.
      const found = lines.indexOf(block[2] as string, i + 1);
      const end = found === -1 ? lines.length : found;
      out[block[1] as string] = lines.slice(i + 1, end).join("\n");
      i = end;
    } else if (line.includes("=")) {
      out[line.slice(0, line.indexOf("="))] = line.slice(line.indexOf("=") + 1);
    }
  }
  return out;
}

/** The job's `outputs`, each `${{ steps.<id>.outputs.<name> }}` read from the steps' output files. */
function jobOutputs(job: WorkflowJob, steps: JobRun["steps"]): Record<string, string> {
  const table: Record<string, string> = {};
  for (const [id, values] of Object.entries(steps)) {
    for (const [k, v] of Object.entries(values)) table[`steps.${id}.outputs.${k}`] = v;
  }
  return Object.fromEntries(
    Object.entries(job.outputs ?? {}).map(([k, v]) => [k, substitute(v, new Proxy(table, missingIsEmpty))]),
  );
}

/** As on GitHub, an output a step did not write is empty. */
const missingIsEmpty: ProxyHandler<Record<string, string>> = {
  get: (t, k: string) => t[k] ?? (k.startsWith("steps.") ? "" : undefined),
};

/**
 * A global npm prefix standing in for `npm install --global semantic-release semantic-release-rust`: its `bin/`
 * holds `semantic-release` and `semantic-release-rust` (this checkout's build), and `npx` finds them there.
 */
export async function globalPrefix(root: string): Promise<{ prefix: string; env: Record<string, string> }> {
  const prefix = await mkdtemp(join(root, "npm-global-"));
  await mkdir(join(prefix, "bin"));
  await mkdir(join(prefix, "lib/node_modules"), { recursive: true });
  await symlink(
    join(repoRoot, "node_modules/semantic-release"),
    join(prefix, "lib/node_modules/semantic-release"),
  );
  await symlink(repoRoot, join(prefix, "lib/node_modules/semantic-release-rust"));
  await symlink(
    "../lib/node_modules/semantic-release/bin/semantic-release.js",
    join(prefix, "bin/semantic-release"),
  );
  const cli = join(prefix, "bin/semantic-release-rust");
  await writeFile(cli, `#!/bin/sh\nexec node ${JSON.stringify(join(repoRoot, "dist/src/cli.js"))} "$@"\n`, {
    mode: 0o755,
  });
  return {
    prefix,
    env: {
      PATH: `${join(prefix, "bin")}:${process.env.PATH ?? ""}`,
      npm_config_prefix: prefix,
      npm_config_offline: "true",
    },
  };
}
