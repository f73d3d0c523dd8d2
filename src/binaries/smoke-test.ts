import { access } from "node:fs/promises";
import { getError } from "../errors/get-error.js";
import type { SemanticReleaseError } from "../errors/semantic-release-error.js";
import type { SmokeTestOption } from "../config/options/binaries.js";
import type { Logger } from "../types.js";
import { exec } from "../util/exec.js";
import type { PlannedTarget } from "./plan.js";

/** `EMISSINGBINARY` for every planned binary that the build did not leave where expected. */
export async function missingBinaries(targets: readonly PlannedTarget[]): Promise<SemanticReleaseError[]> {
  const errors: SemanticReleaseError[] = [];
  for (const t of targets) {
    for (const b of t.binaries) {
      const there = await access(b.path).then(
        () => true,
        () => false,
      );
      if (!there) errors.push(getError("EMISSINGBINARY", { binary: b.name, target: t.target, path: b.path }));
    }
  }
  return errors;
}

/** True when `output` holds `version` as a whole word (`1.2.0` matches `tool 1.2.0`, not `11.2.0` or `1.2.0-rc.1`). */
export function printsVersion(output: string, version: string): boolean {
  const escaped = version.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(^|[^\\w.-])v?${escaped}($|[^\\w.+-])`, "m").test(output);
}

/** Runs each binary that can run here with the smoke-test arguments; its output must contain the version. */
export async function smokeTest(
  targets: readonly PlannedTarget[],
  o: { option: SmokeTestOption; version: string; cwd: string; env: NodeJS.ProcessEnv; logger: Logger },
): Promise<SemanticReleaseError[]> {
  if (o.option === false) return [];
  const args = o.option.args;
  const errors: SemanticReleaseError[] = [];
  for (const t of targets.filter((x) => x.runsOnHost)) {
    for (const b of t.binaries) {
      const r = await exec(b.path, args, { cwd: o.cwd, env: o.env, reject: false }).catch((e: Error) => ({
        code: 127,
        stdout: "",
        stderr: e.message,
      }));
      const output = `${r.stdout}${r.stderr}`;
      if (r.code === 0 && printsVersion(output, o.version)) {
        o.logger.log("Smoke test of %s (%s) printed %s", b.name, t.target, o.version);
        continue;
      }
      const command = [b.path, ...args].join(" ");
      errors.push(
        getError("ESMOKETEST", { binary: b.name, target: t.target, command, version: o.version, output }),
      );
    }
  }
  return errors;
}
