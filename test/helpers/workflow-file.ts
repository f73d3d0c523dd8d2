import { readFile } from "node:fs/promises";
import { join } from "node:path";
import yaml from "js-yaml";
import { repoRoot } from "./paths.js";

/** One step of a GitHub Actions job, as written in the YAML. */
export interface WorkflowStep {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string | number | boolean>;
  env?: Record<string, string>;
}

/** One job of a workflow, as written in the YAML. */
export interface WorkflowJob {
  name?: string;
  needs?: string | string[];
  if?: string;
  "runs-on"?: string;
  environment?: string;
  permissions?: Record<string, string>;
  outputs?: Record<string, string>;
  strategy?: { matrix?: { include?: string } };
  defaults?: { run?: { shell?: string; "working-directory"?: string } };
  steps: WorkflowStep[];
}

export interface WorkflowInput {
  type?: string;
  default?: string | boolean | number;
}

/** A workflow file: its trigger, permissions, concurrency and jobs. */
export interface Workflow {
  on: {
    workflow_call?: {
      inputs?: Record<string, WorkflowInput>;
      secrets?: Record<string, unknown>;
      outputs?: Record<string, unknown>;
    };
  };
  permissions?: Record<string, string>;
  concurrency?: { group: string; "cancel-in-progress"?: boolean };
  jobs: Record<string, WorkflowJob>;
}

/** The reusable workflow's path in this repository. */
export const releaseWorkflowPath = join(repoRoot, ".github/workflows/release-rust.yml");

/** Parses a workflow file (js-yaml reads the `on` key as a string, as YAML 1.2 does). */
export async function readWorkflow(path: string = releaseWorkflowPath): Promise<Workflow> {
  return yaml.load(await readFile(path, "utf8")) as Workflow;
}

/**
 * Replaces every `${{ expression }}` in `text` by its value in `table` (keyed by the trimmed expression). An
 * expression the table does not know throws: a workflow change the test does not understand fails it.
 */
export function substitute(text: string, table: Record<string, string>): string {
  return text.replace(/\$\{\{\s*([\s\S]*?)\s*\}\}/g, (_, expr: string) => {
    const key = expr.replace(/\s+/g, " ");
    const value = table[key];
    if (value === undefined)
      throw new Error(`no value for the expression \${{ ${key} }} in the test's table`);
    return value;
  });
}
