import { mkdir, rename, rm, stat } from "node:fs/promises";
import { basename, join } from "node:path";
import type { BinariesConfig } from "../config/options/binaries.js";
import type { CodesignCommand } from "../config/options/codesign.js";
import { getError, throwAll } from "../errors/get-error.js";
import type { SemanticReleaseError } from "../errors/semantic-release-error.js";
import type { Logger } from "../types.js";
import { atomicCopy } from "../util/atomic-write.js";
import { fileDigest } from "../util/digest.js";
import { exec, findProgram } from "../util/exec.js";
import { fileExists } from "../util/fs.js";
import { runnerOs, type BinariesPlanData, type PlannedTarget } from "./plan.js";

type CodesignConfig = Pick<BinariesConfig, "targets" | "codesign">;

/** Where a target's command comes from, for messages: its own entry of `targets`, or the OS default. */
const optionOf = (config: CodesignConfig, target: string): string => {
  const own = config.targets?.find((t) => t.target === target)?.codesign;
  return own === undefined ? `codesign.${runnerOs(target)}` : "targets[].codesign";
};

/** The command that signs `target`'s binaries: its own `codesign` (`false`: none), else its OS's. Pure. */
export function codesignFor(config: CodesignConfig, target: string): CodesignCommand | undefined {
  const own = config.targets?.find((t) => t.target === target)?.codesign;
  if (own === false) return undefined;
  return own ?? config.codesign?.[runnerOs(target)];
}

/** The plan data with each target's code-signing command (the argv template; it holds no secret). Pure. */
export const withCodesign = (data: BinariesPlanData, config: CodesignConfig): BinariesPlanData => ({
  ...data,
  targets: data.targets.map((t) => {
    const command = codesignFor(config, t.target)?.command;
    return command ? { ...t, codesign: command } : t;
  }),
});

/** verifyConditions: `ECODESIGNPROGRAM` for each signing program that is not there, with the targets it signs. */
export async function codesignProblems(
  config: CodesignConfig,
  targets: readonly string[],
  o: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<SemanticReleaseError[]> {
  const byProgram = new Map<string, string[]>();
  for (const t of targets) {
    const program = codesignFor(config, t)?.command[0];
    if (program) byProgram.set(program, [...(byProgram.get(program) ?? []), t]);
  }
  const problems: SemanticReleaseError[] = [];
  for (const [program, signed] of byProgram) {
    if ((await findProgram(program, o)) !== undefined) continue;
    const option = optionOf(config, signed[0] as string);
    problems.push(getError("ECODESIGNPROGRAM", { program, targets: signed, option }));
  }
  return problems;
}

/** Names of variables whose values are secrets (keys, passwords, tokens, certificates). */
const SECRET_NAME = /TOKEN|SECRET|PASS|PWD|KEY|CERT|PFX|P12|PRIVATE|CREDENTIAL|AUTH|PIN/i;

/** `text` with the values of secret-looking environment variables (and each of their lines) replaced. */
export function redactSecrets(text: string, env: NodeJS.ProcessEnv): string {
  const values = Object.entries(env)
    .filter(([name, value]) => SECRET_NAME.test(name) && !["PWD", "OLDPWD"].includes(name) && value)
    .flatMap(([, value]) => [value as string, ...(value as string).split(/\r?\n/)])
    .map((v) => v.trim())
    .filter((v) => v.length >= 4)
    .sort((a, b) => b.length - a.length);
  let out = text;
  for (const v of values) out = out.replaceAll(v, "[redacted]");
  return out;
}

/** The argv of one run: every placeholder replaced. Pure. */
export const codesignArgv = (command: readonly string[], vars: Record<string, string>): string[] =>
  command.map((arg) => arg.replace(/\{(\w+)\}/g, (m, name: string) => vars[name] ?? m));

interface SignOptions {
  config: CodesignConfig;
  /** Cargo's target dir: the signed copies go to `{targetDir}/codesign/{target}/`. */
  targetDir: string;
  /** The repository root: the command's working directory. */
  cwd: string;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  /** Where the command's output goes (redacted, once it exits). */
  stdout?: NodeJS.WritableStream;
}

/**
 * Signs each binary of every target that has a `codesign` command: a copy of cargo's output (cargo's own file is
 * never changed, so a re-run signs an unsigned binary again) under `{targetDir}/codesign/{target}/`, the tool run
 * on it, its `{signed}` output (when used) moved over it. Returns the targets with their binaries' paths at the
 * signed copies: the smoke test, the archives, the staged binaries and every recorded SHA-256 read the signed
 * bytes. Every failure is reported (`ECODESIGNFAILED`) before anything is packaged.
 */
export async function signBinaries(
  targets: readonly PlannedTarget[],
  o: SignOptions,
): Promise<PlannedTarget[]> {
  const errors: SemanticReleaseError[] = [];
  const signed: PlannedTarget[] = [];
  for (const t of targets) {
    const command = codesignFor(o.config, t.target);
    if (!command) {
      signed.push(t);
      continue;
    }
    const binaries: PlannedTarget["binaries"] = [];
    for (const b of t.binaries) {
      const path = await signOne(command.command, { target: t.target, name: b.name, path: b.path }, o).catch(
        (e: unknown) => {
          if (!(e as { semanticRelease?: boolean }).semanticRelease) throw e;
          errors.push(e as SemanticReleaseError);
          return b.path;
        },
      );
      binaries.push({ ...b, path });
    }
    signed.push({ ...t, binaries });
  }
  throwAll(errors);
  return signed;
}

/** Copies, signs and re-hashes one binary; the path of the signed copy. */
async function signOne(
  template: readonly string[],
  b: { target: string; name: string; path: string },
  o: SignOptions,
): Promise<string> {
  const dir = join(o.targetDir, "codesign", b.target);
  await mkdir(dir, { recursive: true });
  const copy = join(dir, basename(b.path));
  const out = `${copy}.signed`;
  await rm(out, { force: true });
  await atomicCopy(b.path, copy, (await stat(b.path)).mode & 0o777);
  const argv = codesignArgv(template, { binary: copy, signed: out, target: b.target, bin: b.name });
  const [program, ...args] = argv as [string, ...string[]];
  const r = await exec(program, args, { cwd: o.cwd, env: o.env, reject: false }).catch((e: Error) => ({
    code: 127,
    stdout: "",
    stderr: e.message,
  }));
  // The tool's output is shown only once redacted: a signer may echo what it read from its environment.
  const output = redactSecrets(`${r.stdout}${r.stderr}`, o.env);
  o.stdout?.write(output);
  const fail = (reason: string) =>
    getError("ECODESIGNFAILED", {
      binary: b.name,
      target: b.target,
      command: argv.join(" "),
      reason,
      output: output.trim().split("\n").slice(-20).join("\n"),
    });
  if (r.code !== 0) throw fail(`exited with ${r.code}`);
  if (template.some((a) => a.includes("{signed}"))) {
    if (!(await fileExists(out))) throw fail(`exited with 0 but wrote no \`{signed}\` file (${out})`);
    await rename(out, copy);
  }
  const digest = await fileDigest(copy);
  o.logger.log(
    "Signed %s (%s) with %s: %d bytes, sha256 %s",
    b.name,
    b.target,
    program,
    digest.size,
    digest.sha256,
  );
  return copy;
}

/**
 * The configuration with code signing off, for builds that ship nothing (`preview --build` on a pull request,
 * where the signing secrets are not given): their sizes and hashes are those of unsigned binaries.
 */
export function withoutCodesign<C extends CodesignConfig>(config: C): C {
  const { codesign: _, ...rest } = config;
  const targets = config.targets?.map((t) => ({ ...t, codesign: false as const }));
  return { ...rest, ...(targets ? { targets } : {}) } as C;
}
