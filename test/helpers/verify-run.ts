import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { repoRoot } from "./paths.js";

const run = promisify(execFile);
const cli = join(repoRoot, "dist/src/cli.js");

/** Runs `semantic-release-rust verify` as the person who downloaded the release would; never throws. */
export async function runVerify(args: string[], o: { cwd: string; env?: NodeJS.ProcessEnv }) {
  try {
    const { stdout, stderr } = await run("node", [cli, "verify", ...args], o);
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

/** The status (`OK`, `FAIL`, `SKIP`) of the line of `verify`'s output for that file and check. */
export const statusOf = (stdout: string, file: string, check: string) =>
  stdout
    .split("\n")
    .find((l) => l.includes(` ${file}: ${check}`))
    ?.split(" ")[0];
