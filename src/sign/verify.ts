import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { SignOption } from "../config/options/sign.js";
import { getError } from "../errors/get-error.js";
import type { SemanticReleaseError } from "../errors/semantic-release-error.js";
import { exec } from "../util/exec.js";
import { gpgSigner, withGpgHome } from "./gpg.js";
import { withMinisignSigner } from "./minisign.js";
import type { Signer } from "./method.js";
import { withPrivateDir } from "./private-dir.js";
import { missingOidcEnv } from "./sigstore.js";

const isCoded = (e: unknown): e is SemanticReleaseError =>
  !!(e as { semanticRelease?: boolean }).semanticRelease;

/** `ESIGNTOOL` when `tool` does not run with `args` (a version query). */
async function toolProblem(tool: string, args: string[], env: NodeJS.ProcessEnv) {
  const error = await exec(tool, args, { env }).then(
    () => undefined,
    (e: unknown) => (e instanceof Error ? e.message : String(e)),
  );
  return error === undefined ? [] : [getError("ESIGNTOOL", { tool, error })];
}

/** `ESIGNKEYENV` for each named variable that is unset or empty. */
function envProblems(method: string, env: NodeJS.ProcessEnv, vars: [string, string | undefined, string][]) {
  return vars
    .filter(([, variable]) => variable !== undefined && !env[variable])
    .map(([option, variable, what]) =>
      getError("ESIGNKEYENV", { method, option, variable: variable!, what }),
    );
}

/** Signs a small test file with the loaded key: a wrong key or passphrase is found before the tag is pushed. */
const probe = (env: NodeJS.ProcessEnv) => (signer: Signer) =>
  withPrivateDir(env, "srr-sign-probe-", async (dir) => {
    const file = join(dir, "probe.txt");
    await writeFile(file, "semantic-release-rust signing probe\n");
    await signer.sign(file);
  });

/**
 * One key-based method's problems: its variables, its program (`versionArgs`: gpg; minisign signs in this
 * process and needs none), then its key signing a test file.
 */
async function keyProblems(
  method: "gpg" | "minisign",
  versionArgs: string[] | undefined,
  vars: [string, string | undefined, string][],
  env: NodeJS.ProcessEnv,
  tryKey: () => Promise<void>,
): Promise<SemanticReleaseError[]> {
  const tool = versionArgs ? await toolProblem(method, versionArgs, env) : [];
  const early = [...envProblems(method, env, vars), ...tool];
  if (early.length > 0) return early;
  return tryKey().then(
    () => [],
    (e: unknown) => {
      if (!isCoded(e)) throw e;
      return [e];
    },
  );
}

/**
 * verifyConditions of the `sign` option: every named variable is set, `gpg` runs, each key loads and
 * signs a test file with its passphrase, and keyless signing has the GitHub Actions OIDC variables. Every problem
 * is returned; nothing is written outside temporary folders.
 */
export async function signingProblems(sign: SignOption | undefined, env: NodeJS.ProcessEnv) {
  const problems: SemanticReleaseError[] = [];
  const { gpg, minisign, sigstore } = sign ?? {};
  if (gpg) {
    const vars: [string, string | undefined, string][] = [
      ["keyEnv", gpg.keyEnv, "the armored secret key"],
      ["passphraseEnv", gpg.passphraseEnv, "the key's passphrase"],
    ];
    const o = { env, variable: gpg.keyEnv };
    const tryKey = () => withGpgHome(env[gpg.keyEnv]!, o, (home) => probe(env)(gpgSigner(home, gpg)));
    problems.push(...(await keyProblems("gpg", ["--version"], vars, env, tryKey)));
  }
  if (minisign) {
    const vars: [string, string | undefined, string][] = [
      ["keyEnv", minisign.keyEnv, "the secret key file's text"],
      ["passwordEnv", minisign.passwordEnv, "the key's password"],
    ];
    const tryKey = () => withMinisignSigner(minisign, env, probe(env));
    problems.push(...(await keyProblems("minisign", undefined, vars, env, tryKey)));
  }
  if (sigstore && missingOidcEnv(env).length > 0)
    problems.push(getError("ENOOIDCTOKEN", { missing: missingOidcEnv(env) }));
  return problems;
}
